import type { EntityManager } from 'typeorm';

/** The page cache of a long bulk write on SQLite (KiB): the default 2 MB stops holding the indexes it inserts into. */
export const BULK_PAGE_CACHE_KIB = 256 * 1024;
/**
 * WAL pages between two checkpoints of a long bulk write on SQLite (the default is 1,000, 4 MB):
 * a batch of grants dirties thousands of pages of the token-hash indexes, so the default copies
 * the WAL back into the database after nearly every commit, page by page and with an fsync; a
 * checkpoint every 200 MB writes each page once however many commits changed it.
 */
export const BULK_WAL_CHECKPOINT_PAGES = 50_000;

/**
 * SQLite: tunes the connection for a long bulk write (the importer's run), whose inserts into
 * indexes keyed by random hashes touch pages all over them — a wider page cache, fewer WAL
 * checkpoints — and returns what puts the previous settings back. Both bounded, so memory and
 * the WAL file stay flat. Nothing to do on MySQL (its buffer pool and log are the server's).
 */
export async function tuneForBulkWrite(m: EntityManager): Promise<(m: EntityManager) => Promise<void>> {
  if (m.connection.options.type !== 'better-sqlite3') return async () => undefined;
  const cache = Number(((await m.query('PRAGMA cache_size')) as { cache_size: number }[])[0]?.cache_size ?? -2000);
  const checkpoint = Number(((await m.query('PRAGMA wal_autocheckpoint')) as { wal_autocheckpoint: number }[])[0]?.wal_autocheckpoint ?? 1000);
  await m.query(`PRAGMA cache_size = ${-BULK_PAGE_CACHE_KIB}`);
  await m.query(`PRAGMA wal_autocheckpoint = ${BULK_WAL_CHECKPOINT_PAGES}`);
  return async (after: EntityManager) => {
    await after.query(`PRAGMA cache_size = ${Math.trunc(cache)}`);
    await after.query(`PRAGMA wal_autocheckpoint = ${Math.trunc(checkpoint)}`);
  };
}

/**
 * The InnoDB buffer pool below which a platform-sized import (a million users and grants) waits
 * on the disk: its unique indexes on random token hashes stop fitting, and every insert reads and
 * writes a page (bench/RESULTS.md, "Import": 17 min with the 128 MB default, 4 min with 2 GB).
 */
export const BULK_BUFFER_POOL_ADVISED_BYTES = 1024 ** 3;

/**
 * MySQL: a notice for the operator when the server's buffer pool is smaller than that (the
 * server's setting, which Gatehouse leaves alone); null when it is large enough, or on SQLite.
 */
export async function bulkWriteNotice(m: EntityManager): Promise<string | null> {
  if (m.connection.options.type !== 'mysql') return null;
  const rows = (await m.query('SELECT @@innodb_buffer_pool_size AS size')) as { size: number | string }[];
  const size = Number(rows[0]?.size);
  if (!(size > 0) || size >= BULK_BUFFER_POOL_ADVISED_BYTES) return null;
  return `the database server's innodb_buffer_pool_size is ${Math.round(size / 2 ** 20)} MB: a file of a million users and grants ` +
    'will import at disk speed; 1 GB or more is advised for the run (docs/MIGRATION.md, "Large imports")';
}
