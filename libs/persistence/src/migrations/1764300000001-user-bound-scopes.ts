import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';
import { col } from './columns';

/**
 * Scopes that describe a user (issue 15): a client_credentials token has no user, so it is never
 * granted one of them. The scopes known out of the box that read a user's data or sign a user in
 * are marked; operators mark their own with `user_bound` when they define them.
 */
const USER_SCOPES = ['user_id_read', 'profile', 'snsapi_login', 'snsapi_base', 'snsapi_userinfo', 'openid', 'email', 'phone', 'address', 'offline_access'];

export class UserBoundScopes1764300000001 implements MigrationInterface {
  name = 'UserBoundScopes1764300000001';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn('scopes', new TableColumn(col.bool('user_bound', false)));
    await q.query(`UPDATE scopes SET user_bound = 1 WHERE name IN (${USER_SCOPES.map(() => '?').join(', ')})`, USER_SCOPES);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('scopes', 'user_bound');
  }
}
