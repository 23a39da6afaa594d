import { randomBytes } from 'node:crypto';
import { parseDatabaseUrl } from '../../libs/common/src/config/database.config';

/**
 * Each e2e file gets a database of its own: SQLite in memory by default, or — when
 * DATABASE_URL names a MySQL/MariaDB server — a fresh database on that server, dropped at the end.
 */
export interface TestDatabase {
  url: string;
  kind: 'sqlite' | 'mysql';
  drop(): Promise<void>;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const base = process.env.DATABASE_URL;
  if (!base || base.startsWith('sqlite:')) {
    return { url: 'sqlite::memory:', kind: 'sqlite', drop: async () => undefined };
  }
  const db = parseDatabaseUrl(base, (msg) => { throw new Error(`DATABASE_URL ${msg}`); });
  if (db.type !== 'mysql') throw new Error('unexpected database type');
  const name = `${db.database}_${process.env.JEST_WORKER_ID ?? '0'}_${randomBytes(4).toString('hex')}`.slice(0, 64);
  const mysql = await import('mysql2/promise');
  const admin = () => mysql.createConnection({ host: db.host, port: db.port, user: db.username, password: db.password });
  const conn = await admin();
  await conn.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  await conn.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    kind: 'mysql',
    drop: async () => {
      const c = await admin();
      await c.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await c.end();
    },
  };
}
