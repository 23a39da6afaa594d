import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';
import { col } from './columns';

/**
 * Users carry `attributes` (issue 22): a flat JSON object of string values (at most 4 KB),
 * kept as text so that SQLite and MySQL store it alike; NULL when a user has none.
 */
export class UserAttributes1764000000000 implements MigrationInterface {
  name = 'UserAttributes1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn('users', new TableColumn(col.text('attributes', true)));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('users', 'attributes');
  }
}
