import type { EntityManager } from 'typeorm';
import { BULK_BUFFER_POOL_ADVISED_BYTES, bulkWriteNotice } from './bulk-write-tuning';

const manager = (type: string, size: number | string) => ({
  connection: { options: { type } },
  query: async (sql: string) => (sql.includes('innodb_buffer_pool_size') ? [{ size }] : []),
}) as unknown as EntityManager;

describe(bulkWriteNotice.name, () => {
  it("advises a larger buffer pool when the MySQL server's is below 1 GB (the 128 MB default)", async () => {
    const notice = await bulkWriteNotice(manager('mysql', '134217728'));
    expect(notice).toContain('innodb_buffer_pool_size is 128 MB');
    expect(notice).toContain('1 GB or more');
  });

  it('says nothing when the pool is large enough, or on SQLite', async () => {
    expect(await bulkWriteNotice(manager('mysql', BULK_BUFFER_POOL_ADVISED_BYTES))).toBeNull();
    expect(await bulkWriteNotice(manager('mysql', 2 * BULK_BUFFER_POOL_ADVISED_BYTES))).toBeNull();
    expect(await bulkWriteNotice(manager('better-sqlite3', 0))).toBeNull();
  });
});
