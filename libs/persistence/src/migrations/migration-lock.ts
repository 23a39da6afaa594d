import { closeSync, openSync, statSync, unlinkSync } from 'node:fs';
import type { DatabaseConfig } from '@app/common';

/** How long an instance waits for another one's migrations before it gives up starting. */
const WAIT_MS = 120_000;
/** A SQLite lock file older than this was left by a process that died while migrating. */
const STALE_MS = 10 * 60_000;

/**
 * Runs `work` (connecting, which runs the pending migrations) while holding a lock that every
 * instance of this database takes first, so that instances started together on an empty database
 * do not race to create the same tables: the first migrates, the others wait, then find nothing
 * left to do. MySQL/MariaDB: GET_LOCK on a connection of its own. SQLite file: a lock file beside
 * it (every process on it is on this host). In memory: nothing to share.
 */
export async function withMigrationLock<T>(db: DatabaseConfig, work: () => Promise<T>): Promise<T> {
  if (db.type === 'mysql') return withMysqlLock(db, work);
  if (db.file === ':memory:') return work();
  return withLockFile(`${db.file}.migrating`, work);
}

async function withMysqlLock<T>(db: Extract<DatabaseConfig, { type: 'mysql' }>, work: () => Promise<T>): Promise<T> {
  const mysql = await import('mysql2/promise');
  let conn: import('mysql2/promise').Connection | undefined;
  try {
    conn = await mysql.createConnection({ host: db.host, port: db.port, user: db.username, password: db.password, connectTimeout: 5000 });
  } catch {
    return work(); // TypeORM's own connection attempt reports why
  }
  const name = `gatehouse:migrate:${db.database}`.slice(0, 64);
  try {
    const [rows] = await conn.query('SELECT GET_LOCK(?, ?) AS got', [name, WAIT_MS / 1000]);
    if (Number((rows as { got: number | null }[])[0]?.got) !== 1) throw new Error(`another instance has been migrating the database for over ${WAIT_MS / 1000} s`);
    return await work();
  } finally {
    await conn.query('SELECT RELEASE_LOCK(?)', [name]).catch(() => undefined);
    await conn.end().catch(() => undefined);
  }
}

async function withLockFile<T>(path: string, work: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    try {
      closeSync(openSync(path, 'wx', 0o600));
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') return work(); // e.g. no directory yet: the connection says why
      if (stale(path)) unlinkSync(path);
      else if (Date.now() > deadline) throw new Error(`another process has been migrating ${path.replace(/\.migrating$/, '')} for over ${WAIT_MS / 1000} s (remove ${path} if none is)`);
      else await new Promise((r) => setTimeout(r, 50));
    }
  }
  try {
    return await work();
  } finally {
    try { unlinkSync(path); } catch { /* already gone */ }
  }
}

function stale(path: string): boolean {
  try {
    return Date.now() - statSync(path).mtimeMs > STALE_MS;
  } catch {
    return false;
  }
}
