import type { EntityManager } from 'typeorm';

/** The page cache of a long bulk write on SQLite (KiB): the default 2 MB stops holding the indexes it inserts into. */
export const BULK_PAGE_CACHE_KIB = 256 * 1024;

/**
 * SQLite: widens the connection's page cache for a long bulk write (the importer's run), whose
 * inserts into indexes keyed by random hashes touch pages all over them; returns what puts the
 * previous size back. Bounded, so memory stays flat. Nothing to do on MySQL (its buffer pool is
 * the server's).
 */
export async function widenPageCache(m: EntityManager, kib = BULK_PAGE_CACHE_KIB): Promise<(m: EntityManager) => Promise<void>> {
  if (m.connection.options.type !== 'better-sqlite3') return async () => undefined;
  const rows: { cache_size: number }[] = await m.query('PRAGMA cache_size');
  const previous = Number(rows[0]?.cache_size ?? -2000);
  await m.query(`PRAGMA cache_size = ${-Math.abs(Math.floor(kib))}`);
  return async (after: EntityManager) => {
    await after.query(`PRAGMA cache_size = ${Math.trunc(previous)}`);
  };
}
