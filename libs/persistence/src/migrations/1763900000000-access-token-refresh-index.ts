import { MigrationInterface, QueryRunner, TableIndex } from 'typeorm';

/**
 * Rotating a refresh token revokes the access tokens minted with it
 * (`… WHERE refresh_token_id = ?`): without this index that statement scanned the whole table,
 * so refreshes slowed down as tokens accumulated.
 */
export class AccessTokenRefreshIndex1763900000000 implements MigrationInterface {
  name = 'AccessTokenRefreshIndex1763900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createIndex('access_tokens', new TableIndex({ name: 'idx_access_tokens_refresh', columnNames: ['refresh_token_id'] }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropIndex('access_tokens', 'idx_access_tokens_refresh');
  }
}
