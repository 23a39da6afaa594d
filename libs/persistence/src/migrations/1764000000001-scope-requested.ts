import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';
import { col } from './columns';

const TABLES = ['authorization_codes', 'refresh_tokens', 'access_tokens'];

/**
 * Issue 22: whether the authorization request carried a `scope`, kept on the code and on every
 * token of the grant, so that seed 002 answers `"scope": null` (as its document shows) on the
 * code exchange, on every refresh and in getOpenId. Existing rows count as requested.
 */
export class ScopeRequested1764000000001 implements MigrationInterface {
  name = 'ScopeRequested1764000000001';

  async up(q: QueryRunner): Promise<void> {
    for (const table of TABLES) await q.addColumn(table, new TableColumn(col.bool('scope_requested', true)));
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of TABLES) await q.dropColumn(table, 'scope_requested');
  }
}
