import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { col } from './columns';

/** Every table of the first release, with an index for each lookup the flows make. */
export class InitialSchema1763700000000 implements MigrationInterface {
  name = 'InitialSchema1763700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(new Table({
      name: 'users',
      columns: [
        col.id(), col.str('username', 64), col.str('password_hash', 255), col.str('display_name', 128, true),
        col.bool('is_admin', false), col.bool('disabled', false), col.time('password_changed_at', true),
        col.time('created_at'), col.time('updated_at'),
      ],
      indices: [{ name: 'uq_users_username', columnNames: ['username'], isUnique: true }],
    }));

    await q.createTable(new Table({
      name: 'clients',
      columns: [
        col.id(), col.str('client_id', 64), col.str('secret_hash', 64, true), col.str('client_name', 128),
        col.text('description', true), col.str('owner_name', 128, true), col.text('redirect_uris'),
        col.text('post_logout_redirect_uris'), col.text('scope'), col.text('grant_types'),
        col.str('token_endpoint_auth_method', 32), col.bool('require_pkce', false), col.str('status', 16),
        col.int('access_token_ttl', true), col.int('refresh_token_ttl', true), col.int('code_ttl', true),
        col.int('refresh_grace_seconds', false, 0), { ...col.str('token_format', 8), default: "'opaque'" },
        col.text('sop_public_key', true), col.str('registered_by', 128, true),
        col.time('created_at'), col.time('updated_at'),
      ],
      indices: [
        { name: 'uq_clients_client_id', columnNames: ['client_id'], isUnique: true },
        { name: 'idx_clients_status', columnNames: ['status', 'created_at'] },
      ],
    }));

    await q.createTable(new Table({
      name: 'client_status_changes',
      columns: [
        col.id(), col.str('client_pk', 36), col.str('from_status', 16, true), col.str('to_status', 16),
        col.str('actor', 128), col.text('reason', true), col.time('at'),
      ],
      indices: [{ name: 'idx_client_status_changes_client', columnNames: ['client_pk', 'at'] }],
    }));

    await q.createTable(new Table({
      name: 'scopes',
      columns: [col.id('name', 64), col.text('description'), col.text('description_zh', true), col.time('created_at')],
    }));

    await q.createTable(new Table({
      name: 'authorization_codes',
      columns: [
        col.id(), col.str('code_hash', 64), col.str('client_id', 64), col.str('user_id', 36), col.text('redirect_uri'),
        col.bool('redirect_uri_provided', true), col.text('scope'), col.str('code_challenge', 128, true),
        col.str('code_challenge_method', 8, true), col.str('nonce', 512, true), col.time('auth_time', true),
        col.str('grant_id', 36), col.time('expires_at'), col.time('consumed_at', true), col.time('created_at'),
      ],
      indices: [
        { name: 'uq_authorization_codes_hash', columnNames: ['code_hash'], isUnique: true },
        { name: 'idx_authorization_codes_grant', columnNames: ['grant_id'] },
        { name: 'idx_authorization_codes_expires', columnNames: ['expires_at'] },
      ],
    }));

    await q.createTable(new Table({
      name: 'access_tokens',
      columns: [
        col.id(), col.str('token_hash', 64), col.str('client_id', 64), col.str('user_id', 36, true), col.text('scope'),
        col.str('grant_id', 36, true), col.str('refresh_token_id', 36, true), col.str('audience', 255, true),
        col.time('expires_at', true), col.time('revoked_at', true), col.time('created_at'),
      ],
      indices: [
        { name: 'uq_access_tokens_hash', columnNames: ['token_hash'], isUnique: true },
        { name: 'idx_access_tokens_grant', columnNames: ['grant_id'] },
        { name: 'idx_access_tokens_client', columnNames: ['client_id'] },
        { name: 'idx_access_tokens_user_client', columnNames: ['user_id', 'client_id'] },
        { name: 'idx_access_tokens_created', columnNames: ['created_at'] },
        { name: 'idx_access_tokens_expires', columnNames: ['expires_at'] },
      ],
    }));

    await q.createTable(new Table({
      name: 'refresh_tokens',
      columns: [
        col.id(), col.str('token_hash', 64), col.str('client_id', 64), col.str('user_id', 36, true), col.text('scope'),
        col.str('grant_id', 36), col.str('parent_id', 36, true), col.time('expires_at', true),
        col.time('absolute_expires_at', true), col.time('auth_time', true), col.time('rotated_at', true),
        col.time('revoked_at', true), col.time('created_at'),
      ],
      indices: [
        { name: 'uq_refresh_tokens_hash', columnNames: ['token_hash'], isUnique: true },
        { name: 'idx_refresh_tokens_grant', columnNames: ['grant_id'] },
        { name: 'idx_refresh_tokens_client', columnNames: ['client_id'] },
        { name: 'idx_refresh_tokens_user_client', columnNames: ['user_id', 'client_id'] },
        { name: 'idx_refresh_tokens_expires', columnNames: ['expires_at'] },
      ],
    }));

    await q.createTable(new Table({
      name: 'consents',
      columns: [
        col.id(), col.str('user_id', 36), col.str('client_id', 64), col.text('scope'),
        col.time('created_at'), col.time('updated_at'),
      ],
      indices: [
        { name: 'uq_consents_user_client', columnNames: ['user_id', 'client_id'], isUnique: true },
        { name: 'idx_consents_client', columnNames: ['client_id'] },
      ],
    }));

    await q.createTable(new Table({
      name: 'sessions',
      columns: [
        col.id(), col.str('sid_hash', 64), col.str('kind', 16), col.str('user_id', 36, true), col.str('csrf_token', 64),
        col.time('auth_time', true), col.text('data', true), col.time('expires_at'), col.time('created_at'), col.time('updated_at'),
      ],
      indices: [
        { name: 'uq_sessions_sid_hash', columnNames: ['sid_hash'], isUnique: true },
        { name: 'idx_sessions_user', columnNames: ['user_id'] },
        { name: 'idx_sessions_expires', columnNames: ['expires_at'] },
      ],
    }));

    await q.createTable(new Table({
      name: 'interactions',
      columns: [
        col.id('id', 64), col.str('session_id', 36, true), col.str('client_id', 64), col.str('user_id', 36, true),
        col.text('params'), col.time('expires_at'), col.time('created_at'),
      ],
      indices: [{ name: 'idx_interactions_expires', columnNames: ['expires_at'] }],
    }));

    await q.createTable(new Table({
      name: 'audit_events',
      columns: [
        { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
        col.time('at'), col.str('actor', 128), col.str('action', 64), col.str('target_type', 32, true),
        col.str('target_id', 64, true), col.text('reason', true), col.str('ip', 64, true), col.text('details', true),
      ],
      indices: [
        { name: 'idx_audit_events_at', columnNames: ['at'] },
        { name: 'idx_audit_events_actor', columnNames: ['actor', 'id'] },
        { name: 'idx_audit_events_action', columnNames: ['action', 'id'] },
        { name: 'idx_audit_events_target', columnNames: ['target_id', 'id'] },
      ],
    }));

    await q.createTable(new Table({
      name: 'server_keys',
      columns: [
        col.id(), col.str('kind', 32), col.str('alg', 16, true), col.str('kid', 64, true), col.text('public_material', true),
        col.text('private_material'), { ...col.str('status', 16), default: "'active'" }, col.time('created_at'),
        col.time('retired_at', true),
      ],
      indices: [{ name: 'idx_server_keys_kind', columnNames: ['kind', 'status'] }],
    }));

    await q.createTable(new Table({
      name: 'rate_limits',
      columns: [col.id('bucket', 191), col.int('hits'), col.time('reset_at')],
      indices: [{ name: 'idx_rate_limits_reset', columnNames: ['reset_at'] }],
    }));

    // Scopes known out of the box (PRODUCT.md); operators add more through the admin API.
    // Plain SQL with `?` placeholders and a UTC 'YYYY-MM-DD HH:MM:SS.mmm' literal reads the same on both.
    const now = new Date().toISOString().replace('T', ' ').replace('Z', '');
    for (const [name, description, descriptionZh] of [
      ['user_id_read', 'Read your user id', '读取您的用户 ID'],
      ['profile', 'Read your username and display name', '读取您的用户名和显示名称'],
      ['snsapi_login', 'Sign you in (your app-specific id only)', '使用您的账号登录（仅应用内标识）'],
    ]) {
      await q.query('INSERT INTO scopes (name, description, description_zh, created_at) VALUES (?, ?, ?, ?)', [name, description, descriptionZh, now]);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'rate_limits', 'server_keys', 'audit_events', 'interactions', 'sessions', 'consents', 'refresh_tokens',
      'access_tokens', 'authorization_codes', 'scopes', 'client_status_changes', 'clients', 'users',
    ]) {
      await q.dropTable(table, true);
    }
  }
}
