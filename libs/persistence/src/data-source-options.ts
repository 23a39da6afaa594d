import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { DataSourceOptions } from 'typeorm';
import type { DatabaseConfig } from '@app/common';
import { ENTITIES } from './entities';
import { migrationsFor } from './migrations';
import { CountingLogger } from './logging/counting-logger';
import { guardedMysql2 } from './watchdog/guarded-mysql2';

/** How long a request may wait for a pooled MySQL connection by default (fails as 503 after). */
export const DEFAULT_ACQUIRE_TIMEOUT_MS = 1500;
/** DB_QUERY_TIMEOUT_MS's default, for a DatabaseConfig built without the environment. */
const FALLBACK_QUERY_TIMEOUT_MS = 5000;

export interface PersistenceTuning {
  /** MySQL pool size (bounded: requests wait at most `acquireTimeoutMs` for a connection). */
  poolSize?: number;
  /** MySQL: how long a request waits for a pooled connection before it fails (503). */
  acquireTimeoutMs?: number;
  logger?: DataSourceOptions['logger'];
  /** KEYS_SECRET, else SESSION_SECRET: the migrations that seal server_keys rows need it. */
  keySecret?: string;
}

/**
 * The one set of TypeORM options, used by the app, the TypeORM CLI (ormconfig.ts) and tests.
 * Never synchronize: the schema comes from the migrations, which run at start.
 */
export function buildDataSourceOptions(db: DatabaseConfig, tuning: PersistenceTuning = {}): DataSourceOptions {
  const common = {
    entities: ENTITIES,
    migrations: migrationsFor(tuning.keySecret),
    migrationsRun: true,
    migrationsTransactionMode: 'each' as const,
    synchronize: false,
    logging: ['error', 'warn', 'migration'] as ('error' | 'warn' | 'migration')[],
    logger: tuning.logger ?? new CountingLogger(),
    maxQueryExecutionTime: 1000,
  };
  if (db.type === 'sqlite') {
    const file = db.file === ':memory:' ? ':memory:' : resolve(db.file);
    if (file !== ':memory:') restrictSqliteFiles(file);
    return {
      ...common,
      type: 'better-sqlite3',
      database: file,
      // WAL lets readers run beside the single writer; a busy writer is waited for, not failed.
      enableWAL: file !== ':memory:',
      timeout: 5000,
      prepareDatabase: (conn: { pragma(s: string): unknown }) => {
        conn.pragma('synchronous = NORMAL');
        conn.pragma('foreign_keys = ON');
      },
    } as DataSourceOptions;
  }
  return {
    ...common,
    type: 'mysql',
    host: db.host,
    port: db.port,
    username: db.username,
    password: db.password,
    database: db.database,
    charset: 'utf8mb4_unicode_ci',
    timezone: 'Z',
    dateStrings: false,
    connectTimeout: 5000,
    poolSize: tuning.poolSize ?? 10,
    // mysql2 with a statement watchdog and a bounded pool acquire (see guarded-mysql2.ts): a
    // frozen server fails requests with 503 instead of hanging them.
    connectorPackage: 'mysql2',
    driver: guardedMysql2({
      queryTimeoutMs: db.queryTimeoutMs ?? FALLBACK_QUERY_TIMEOUT_MS,
      acquireTimeoutMs: tuning.acquireTimeoutMs ?? DEFAULT_ACQUIRE_TIMEOUT_MS,
    }),
    extra: {
      waitForConnections: true,
      queueLimit: 200,
      enableKeepAlive: true,
      idleTimeout: 60_000,
    },
  } as DataSourceOptions;
}

/**
 * The embedded database holds hashes, sealed keys and personal data: its directory is created
 * 0700 and the file 0600 before SQLite opens it; SQLite gives its -wal and -shm files the
 * database file's permissions. Files left readable by an older release are tightened
 * (issue 14 #2). A directory that already exists is the operator's and is left as it is.
 */
export function restrictSqliteFiles(file: string): void {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  if (!existsSync(file)) closeSync(openSync(file, 'a', 0o600));
  for (const path of [file, `${file}-wal`, `${file}-shm`]) {
    if (existsSync(path)) chmodSync(path, 0o600);
  }
}
