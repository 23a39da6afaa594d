import { MigrationInterface, QueryRunner, TableIndex } from 'typeorm';

/**
 * The purge job finds revoked tokens by `revoked_at`, which had no index: with millions of tokens
 * each pass scanned both tables (`npm run bench -- --at-scale` prints the plans). On SQLite the
 * index holds only the revoked rows (a partial index), so issuing a token does not pay for it;
 * MySQL has no partial indexes and indexes every row.
 */
export class PurgeIndexes1764600000100 implements MigrationInterface {
  name = 'PurgeIndexes1764600000100';

  async up(q: QueryRunner): Promise<void> {
    const sqlite = q.connection.options.type === 'better-sqlite3';
    for (const table of ['access_tokens', 'refresh_tokens']) {
      await q.createIndex(table, new TableIndex({
        name: `idx_${table}_revoked`, columnNames: ['revoked_at'], ...(sqlite ? { where: 'revoked_at IS NOT NULL' } : {}),
      }));
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['access_tokens', 'refresh_tokens']) await q.dropIndex(table, `idx_${table}_revoked`);
  }
}
