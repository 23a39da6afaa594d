import { Logger } from '@nestjs/common';
import type { Pool, PoolConnection, PoolOptions } from 'mysql2';

/**
 * mysql2 as TypeORM's MySQL driver sees it (through TypeORM's `driver` option), with the two
 * bounds that a frozen server (sockets open, nothing answering) needs and that neither library
 * offers as a setting:
 *
 * - Statement watchdog. Every statement carries mysql2's own per-query `timeout`. mysql2 has no
 *   pool-wide default for it, and TypeORM only passes one when `enableQueryTimeout` ties it to
 *   `maxQueryExecutionTime`, which is also our slow-statement threshold (1 s); so `query` of each
 *   connection the pool creates is wrapped to add it (the one patch here). When it fires, mysql2
 *   fails the callback but keeps the connection waiting for the answer; TypeORM would then release
 *   it to the pool and the next request would queue behind the dead statement. So the connection is
 *   destroyed: it leaves the pool, and the server rolls back whatever transaction it had open
 *   once it notices the closed socket (a COMMIT already on the wire may still land: the caller
 *   gets 503 either way, and the transaction is whole or absent).
 *   Schema statements (CREATE/ALTER/DROP/RENAME/TRUNCATE) are exempt: only migrations issue them,
 *   at start, where an index build on a large table may rightly take minutes.
 * - Acquire bound. mysql2's pool bounds how many wait for a connection (`queueLimit`) but not for
 *   how long; while every connection hangs on a frozen server, a waiter would wait for the
 *   watchdog and then for a connect attempt. Here a waiter gives up after `acquireTimeoutMs`
 *   (error code POOL_ACQUIRE_TIMEOUT, mapped to 503); a connection that turns up later goes
 *   straight back to the pool. Until the pool has handed out its first connection (at start),
 *   `connectTimeout` alone bounds the wait, so that a wrong host or a refused login fails the
 *   start with its own error.
 *
 * TypeORM calls only `createPool` on the driver (no replication is configured) and only
 * `getConnection` and `end` on the pool, so the facade below is all it needs.
 */
export interface WatchdogLimits {
  /** A statement unanswered this long is abandoned and its connection destroyed. */
  queryTimeoutMs: number;
  /** A request waits at most this long for a pooled connection (including connecting). */
  acquireTimeoutMs: number;
  /** Told about each abandoned statement; defaults to a warning in the log. */
  onAbandoned?: (sql: string, timeoutMs: number) => void;
}

export const POOL_ACQUIRE_TIMEOUT = 'POOL_ACQUIRE_TIMEOUT';
/** mysql2's code for a statement whose `timeout` expired ("Query inactivity timeout"). */
export const STATEMENT_TIMEOUT = 'PROTOCOL_SEQUENCE_TIMEOUT';

const SCHEMA_STATEMENT = /^\s*(CREATE|ALTER|DROP|RENAME|TRUNCATE)\s/i;

type Callback = (err: NodeJS.ErrnoException | null, ...rest: unknown[]) => void;
type QueryFn = (sql: unknown, values?: unknown, cb?: Callback) => { once?(event: 'error', l: (err: unknown) => void): unknown };

/** The module object for TypeORM's `driver` option (with `connectorPackage: 'mysql2'`). */
export function guardedMysql2(limits: WatchdogLimits): { createPool(options: PoolOptions): BoundedPool } {
  return {
    createPool: (options: PoolOptions) => {
      // Loaded here, not at the top: an embedded-SQLite server never needs mysql2 (~80 ms of start-up).
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { createPool } = require('mysql2') as typeof import('mysql2');
      const pool = createPool(options);
      pool.on('connection', (connection) => guardStatements(connection, limits));
      return new BoundedPool(pool, limits.acquireTimeoutMs);
    },
  };
}

export class BoundedPool {
  private connectedOnce = false;

  constructor(
    readonly pool: Pick<Pool, 'getConnection' | 'end'>,
    private readonly acquireTimeoutMs: number,
  ) {}

  getConnection(cb: (err: NodeJS.ErrnoException | null, connection?: PoolConnection) => void): void {
    let settled = false;
    const timer = this.connectedOnce
      ? setTimeout(() => {
        settled = true;
        cb(Object.assign(new Error(`No database connection became free within ${this.acquireTimeoutMs} ms`), { code: POOL_ACQUIRE_TIMEOUT }));
      }, this.acquireTimeoutMs)
      : undefined;
    this.pool.getConnection((err, connection) => {
      if (settled) {
        if (!err) connection.release();
        return;
      }
      settled = true;
      clearTimeout(timer);
      if (err) return cb(err);
      this.connectedOnce = true;
      cb(null, connection);
    });
  }

  end(cb?: (err: NodeJS.ErrnoException | null) => void): void {
    this.pool.end(cb);
  }
}

const logger = new Logger('Database');

/** Gives every statement on `connection` the watchdog (once per connection, when the pool creates it). */
export function guardStatements(connection: Pick<PoolConnection, 'query' | 'destroy'>, limits: WatchdogLimits): void {
  const query = (connection.query as unknown as QueryFn).bind(connection);
  const abandoned = limits.onAbandoned ?? ((sql, ms) => logger.warn(`statement unanswered after ${ms} ms; connection closed: ${sql.slice(0, 200)}`));
  const guarded: QueryFn = (sql, values, cb) => {
    if (typeof values === 'function') {
      cb = values as Callback;
      values = undefined;
    }
    const options = withTimeout(sql, limits.queryTimeoutMs);
    const expired = (err: unknown) => {
      if ((err as { code?: unknown } | null)?.code !== STATEMENT_TIMEOUT) return;
      abandoned(statementText(sql), limits.queryTimeoutMs);
      connection.destroy();
    };
    if (typeof cb === 'function') {
      const done = cb;
      return query(options, values, (err, ...rest) => {
        expired(err);
        done(err, ...rest);
      });
    }
    const command = query(options, values);
    command.once?.('error', expired);
    return command;
  };
  (connection as { query: unknown }).query = guarded;
}

/** Adds mysql2's `timeout` to a statement given as text or as an options object. */
function withTimeout(sql: unknown, timeoutMs: number): unknown {
  if (typeof sql === 'string') return SCHEMA_STATEMENT.test(sql) ? sql : { sql, timeout: timeoutMs };
  if (sql && typeof sql === 'object' && Object.getPrototypeOf(sql) === Object.prototype) {
    const options = sql as { sql?: unknown; timeout?: unknown };
    if (options.timeout !== undefined || (typeof options.sql === 'string' && SCHEMA_STATEMENT.test(options.sql))) return sql;
    return { ...options, timeout: timeoutMs };
  }
  return sql; // a mysql2 Query command built by the caller: passed through as it is
}

function statementText(sql: unknown): string {
  if (typeof sql === 'string') return sql;
  const text = (sql as { sql?: unknown } | null)?.sql;
  return typeof text === 'string' ? text : '(statement)';
}
