import type { DatabaseConfig } from '@app/common';

/**
 * On MySQL/MariaDB, create the configured database when it does not exist yet, so that a
 * fresh server needs only DATABASE_URL. Without the privilege to do so, the connection that
 * follows reports the real problem.
 */
export async function ensureDatabase(db: DatabaseConfig): Promise<void> {
  if (db.type !== 'mysql') return;
  const mysql = await import('mysql2/promise');
  let conn: import('mysql2/promise').Connection | undefined;
  try {
    conn = await mysql.createConnection({
      host: db.host, port: db.port, user: db.username, password: db.password, connectTimeout: 5000,
    });
    await conn.query(`CREATE DATABASE IF NOT EXISTS \`${db.database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  } catch {
    // Reported by TypeORM's own connection attempt.
  } finally {
    await conn?.end().catch(() => undefined);
  }
}
