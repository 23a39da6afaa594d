import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';
import { col } from './columns';

/**
 * The importer (issue 16):
 * - `subject_overrides`: the openid a channel already knows for a user on the old platform; the
 *   pairwise subject reads it first. One openid names one user per channel (unique index).
 * - `imported_tokens`: the SHA-256 of every token ever imported, so that a token rotated or
 *   revoked here (or purged) never comes back when the same file is imported again.
 * - `migration_locks`: one import at a time, across the server and the command line.
 * On MySQL the id columns compare byte for byte (utf8mb4_bin): openids and user ids are
 * case-sensitive strings.
 */
export class Import1764400000000 implements MigrationInterface {
  name = 'Import1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(new Table({
      name: 'subject_overrides',
      columns: [
        { ...col.str('user_id', 64), isPrimary: true },
        { ...col.str('client_id', 64), isPrimary: true },
        col.str('openid', 255),
        col.time('created_at'),
      ],
      indices: [new TableIndex({ name: 'uq_subject_overrides_client_openid', columnNames: ['client_id', 'openid'], isUnique: true })],
    }));
    await q.createTable(new Table({
      name: 'imported_tokens',
      columns: [
        { ...col.str('token_hash', 64), isPrimary: true },
        col.str('kind', 16),
        col.str('client_id', 64),
        col.time('created_at'),
      ],
    }));
    await q.createTable(new Table({
      name: 'migration_locks',
      columns: [{ ...col.str('name', 32), isPrimary: true }, col.str('holder', 128), col.time('expires_at')],
    }));
    if (isMysql(q)) {
      for (const column of ['user_id', 'client_id', 'openid']) {
        const length = column === 'openid' ? 255 : 64;
        await q.query(`ALTER TABLE \`subject_overrides\` MODIFY \`${column}\` varchar(${length}) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL`);
      }
      await q.query('ALTER TABLE `imported_tokens` MODIFY `token_hash` varchar(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL');
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('migration_locks');
    await q.dropTable('imported_tokens');
    await q.dropTable('subject_overrides');
  }
}

function isMysql(q: QueryRunner): boolean {
  return ['mysql', 'mariadb'].includes(q.connection.options.type);
}
