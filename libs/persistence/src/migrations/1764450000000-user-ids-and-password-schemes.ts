import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';
import { col } from './columns';

/** Every column that holds a user id, with whether it may be NULL. */
const USER_ID_COLUMNS: [table: string, column: string, nullable: boolean][] = [
  ['users', 'id', false],
  ['authorization_codes', 'user_id', false],
  ['access_tokens', 'user_id', true],
  ['refresh_tokens', 'user_id', true],
  ['consents', 'user_id', false],
  ['sessions', 'user_id', true],
  ['interactions', 'user_id', true],
];

/** Added to `users`: how an imported hash is verified, and which hash string was imported. */
const PASSWORD_COLUMNS = [
  col.str('password_scheme', 32, true),
  col.str('password_salt', 255, true),
  col.str('imported_hash_sha256', 64, true),
];

/**
 * Imported users (issue 16) keep the ids the platform gave them: any 1-64 printable characters,
 * not only our UUIDs, so `users.id` and every `user_id` column become varchar(64). On MySQL they
 * compare byte for byte (utf8mb4_bin), so "abc" and "ABC" stay two users and a consent, token or
 * session of one can never match the other.
 *
 * `password_hash` becomes nullable (a user without one signs in only through delegated login);
 * `password_scheme` (NULL: recognised from the hash) and `password_salt` say how an imported hash
 * is verified until the first login re-hashes it; `imported_hash_sha256` remembers the hash string
 * that was imported, so importing the same file again after that re-hash changes nothing.
 *
 * MySQL: TypeORM's changeColumn drops and re-adds a column whose length changes (losing its
 * data), so the columns are widened with MODIFY. SQLite: changeColumns copies the table.
 */
export class UserIdsAndPasswordSchemes1764450000000 implements MigrationInterface {
  name = 'UserIdsAndPasswordSchemes1764450000000';

  async up(q: QueryRunner): Promise<void> {
    if (isMysql(q)) {
      for (const [table, column, nullable] of USER_ID_COLUMNS) {
        await q.query(`ALTER TABLE \`${table}\` MODIFY \`${column}\` varchar(64) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin ${nullable ? 'NULL' : 'NOT NULL'}`);
      }
      await q.query('ALTER TABLE `users` MODIFY `password_hash` varchar(255) NULL');
    } else {
      await resizeOnSqlite(q, 64, true);
    }
    await q.addColumns('users', PASSWORD_COLUMNS.map((c) => new TableColumn(c)));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumns('users', PASSWORD_COLUMNS.map((c) => c.name));
    // A user without a password hash cannot sign in before this migration either.
    await q.query("UPDATE users SET password_hash = '' WHERE password_hash IS NULL");
    if (isMysql(q)) {
      for (const [table, column, nullable] of USER_ID_COLUMNS) {
        await q.query(`ALTER TABLE \`${table}\` MODIFY \`${column}\` varchar(36) ${nullable ? 'NULL' : 'NOT NULL'}`);
      }
      await q.query('ALTER TABLE `users` MODIFY `password_hash` varchar(255) NOT NULL');
    } else {
      await resizeOnSqlite(q, 36, false);
    }
  }
}

/** SQLite copies each table once with its user id columns at `length` and `password_hash` as asked. */
async function resizeOnSqlite(q: QueryRunner, length: number, hashNullable: boolean): Promise<void> {
  for (const table of new Set(USER_ID_COLUMNS.map(([t]) => t))) {
    const current = await q.getTable(table);
    if (!current) throw new Error(`table ${table} is missing`);
    const changes = USER_ID_COLUMNS.filter(([t]) => t === table).map(([, column, nullable]) => ({
      oldColumn: current.findColumnByName(column)!,
      newColumn: new TableColumn(column === 'id' ? col.id('id', length) : col.str(column, length, nullable)),
    }));
    if (table === 'users') {
      changes.push({ oldColumn: current.findColumnByName('password_hash')!, newColumn: new TableColumn(col.str('password_hash', 255, hashNullable)) });
    }
    await q.changeColumns(current, changes);
  }
}

function isMysql(q: QueryRunner): boolean {
  const type = q.connection.driver.options.type;
  return type === 'mysql' || type === 'mariadb';
}
