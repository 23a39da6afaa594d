import { MigrationInterface, QueryRunner, Table, TableColumn } from 'typeorm';
import { col } from './columns';

/**
 * Delegated login (issue 17): the login requests of LOGIN_MODE=provider; the RFC 8176 `amr` of
 * a login carried on sessions, authorization codes and refresh tokens (NULL on older rows means
 * a password login, the only kind there was); the `gatehouse:login` scope a platform's channel
 * needs to accept or reject login requests.
 */
export class DelegatedLogin1764500000000 implements MigrationInterface {
  name = 'DelegatedLogin1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(new Table({
      name: 'login_requests',
      columns: [
        col.id(), col.str('challenge_hash', 64), col.str('verifier_hash', 64, true), col.str('session_id', 36),
        col.str('client_id', 64), col.text('requested_scope'), col.text('return_to'), col.text('target'),
        col.str('prompt', 64, true), col.int('max_age', true), col.str('login_hint', 255, true), col.str('state', 16),
        col.str('user_id', 64, true), col.str('amr', 255, true), col.str('error_description', 512, true),
        col.time('expires_at'), col.time('created_at'), col.time('updated_at'),
      ],
      indices: [
        { name: 'uq_login_requests_challenge', columnNames: ['challenge_hash'], isUnique: true },
        { name: 'uq_login_requests_verifier', columnNames: ['verifier_hash'], isUnique: true },
        { name: 'idx_login_requests_expires', columnNames: ['expires_at'] },
      ],
    }));
    for (const table of ['sessions', 'authorization_codes', 'refresh_tokens']) {
      await q.addColumn(table, new TableColumn({ name: 'amr', type: 'varchar', length: '255', isNullable: true }));
    }
    const now = new Date().toISOString().replace('T', ' ').replace('Z', '');
    await q.query('INSERT INTO scopes (name, description, description_zh, created_at) VALUES (?, ?, ?, ?)', [
      'gatehouse:login', 'Sign users in to Gatehouse on behalf of the platform (login requests)', '代表平台让用户登录 Gatehouse（登录请求）', now,
    ]);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DELETE FROM scopes WHERE name = ?', ['gatehouse:login']);
    for (const table of ['refresh_tokens', 'authorization_codes', 'sessions']) await q.dropColumn(table, 'amr');
    await q.dropTable('login_requests');
  }
}
