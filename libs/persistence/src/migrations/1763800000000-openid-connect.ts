import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';
import { col } from './columns';

/**
 * OpenID Connect (issue 9): the `openid` scope, and how long a retired signing key stays in the
 * JWKS (`published_until`: the latest expiry of a token it signed; NULL while it signs, or when
 * one of its tokens never expires).
 */
export class OpenIdConnect1763800000000 implements MigrationInterface {
  name = 'OpenIdConnect1763800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn('server_keys', new TableColumn(col.time('published_until', true)));
    const now = new Date().toISOString().replace('T', ' ').replace('Z', '');
    await q.query('INSERT INTO scopes (name, description, description_zh, created_at) VALUES (?, ?, ?, ?)', [
      'openid', 'Sign you in with your account (OpenID Connect)', '使用您的账号登录（OpenID Connect）', now,
    ]);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DELETE FROM scopes WHERE name = ?', ['openid']);
    await q.dropColumn('server_keys', 'published_until');
  }
}
