import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';
import { col } from './columns';

/**
 * An authorization code remembers the route (dialect) that issued it, so that it is redeemed
 * only at that dialect's token route and each dialect's relaxation (no redirect_uri at the
 * token step, 24-hour codes) applies only to its own codes (issue 14 #5). Codes issued before
 * count as the standard route's.
 */
export class CodeDialect1764100000100 implements MigrationInterface {
  name = 'CodeDialect1764100000100';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn('authorization_codes', new TableColumn({ ...col.str('dialect', 16), default: "'standard'" }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('authorization_codes', 'dialect');
  }
}
