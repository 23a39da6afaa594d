import type { Server as TcpServer, Socket } from 'node:net';
import { createServer } from 'mysql2';
import type { PoolConnection } from 'mysql2';
import { isDatabaseUnavailable } from '@app/common';
import { BoundedPool, guardedMysql2, POOL_ACQUIRE_TIMEOUT, STATEMENT_TIMEOUT } from './guarded-mysql2';

/**
 * A MySQL server in the test process (mysql2's own server side of the protocol) that can be
 * frozen like a SIGSTOPped mariadbd: connections stay open, statements are read and never answered.
 */
/** The server side of a mysql2 connection, as far as this fake uses it (mysql2 types it loosely). */
interface ServerSide {
  sequenceId: number;
  stream: Socket;
  on(event: 'query', listener: (sql: string) => void): void;
  on(event: 'error', listener: () => void): void;
  serverHandshake(args: object): void;
  writeTextResult(rows: object[], columns: object[]): void;
}

class FakeMysql {
  frozen = false;
  /** New connections are accepted and never greeted (frozen before the handshake). */
  silent = false;
  readonly statements: string[] = [];
  connections = 0;
  private readonly server = createServer((c) => this.accept(c as unknown as ServerSide));
  private readonly sockets = new Set<Socket>();
  private readonly pending: (() => void)[] = [];

  private accept(conn: ServerSide): void {
    this.sockets.add(conn.stream);
    conn.on('error', () => undefined);
    if (this.silent) return;
    this.connections++;
    conn.serverHandshake({
      protocolVersion: 10, serverVersion: '10.11.0-fake', connectionId: this.connections, statusFlags: 2, characterSet: 8,
      capabilityFlags: 0xffffff,
      // The server side of mysql2 does not reset its packet numbering between commands; do it here.
      authCallback: (_params: unknown, done: (err: null) => void) => { done(null); conn.sequenceId = 0; },
    });
    conn.on('query', (sql) => {
      this.statements.push(sql);
      const answer = () => {
        conn.sequenceId = 1;
        conn.writeTextResult([{ n: this.statements.length }], [{
          catalog: 'def', schema: '', table: '', orgTable: '', name: 'n', orgName: 'n', characterSet: 63, columnLength: 11, columnType: 3, flags: 0, decimals: 0,
        }]);
        conn.sequenceId = 0;
      };
      if (this.frozen) this.pending.push(answer);
      else answer();
    });
  }

  async listen(): Promise<number> {
    const tcp = (this.server as unknown as { _server: TcpServer })._server;
    await new Promise<void>((resolve) => tcp.listen(0, '127.0.0.1', resolve));
    return (tcp.address() as { port: number }).port;
  }

  thaw(): void {
    this.frozen = false;
    for (const answer of this.pending.splice(0)) answer();
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

const QUERY_TIMEOUT_MS = 150;
const ACQUIRE_TIMEOUT_MS = 200;

type Outcome = { err: (Error & { code?: string }) | null; rows?: unknown; ms: number } | 'still waiting';

/** Resolves with how `run` ended, or 'still waiting' after `waitMs` (so that a hang fails the test fast). */
function settle(run: (cb: (err: Error | null, rows?: unknown) => void) => void, waitMs: number): Promise<Outcome> {
  const started = Date.now();
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve('still waiting'), waitMs);
    run((err, rows) => {
      clearTimeout(timer);
      resolve({ err, rows, ms: Date.now() - started });
    });
  });
}

const acquire = (pool: BoundedPool) => new Promise<PoolConnection>((resolve, reject) => pool.getConnection((err, c) => (err ? reject(err) : resolve(c!))));

describe(guardedMysql2.name, () => {
  let server: FakeMysql;
  let pool: BoundedPool;
  let abandoned: string[];

  const open = async (extra: Record<string, unknown> = {}) => {
    server = new FakeMysql();
    const port = await server.listen();
    const told: string[] = (abandoned = []);
    pool = guardedMysql2({ queryTimeoutMs: QUERY_TIMEOUT_MS, acquireTimeoutMs: ACQUIRE_TIMEOUT_MS, onAbandoned: (sql) => told.push(sql) })
      .createPool({ host: '127.0.0.1', port, user: 'root', connectionLimit: 1, connectTimeout: 5000, ...extra });
  };
  afterEach(async () => {
    // Bounded: a connection left hanging on a statement would keep pool.end() waiting for ever.
    await Promise.race([new Promise((resolve) => pool.end(resolve)), new Promise((resolve) => setTimeout(resolve, 1000).unref())]);
    await server.close();
  });

  it('fails a statement the frozen server never answers after the query timeout, as "database unavailable"', async () => {
    await open();
    const conn = await acquire(pool);
    server.frozen = true;
    const outcome = await settle((cb) => conn.query('UPDATE codes SET consumed_at = NOW() WHERE id = ?', [1], cb), QUERY_TIMEOUT_MS * 10);
    expect(outcome).not.toBe('still waiting');
    if (outcome === 'still waiting') return;
    expect(outcome.err?.code).toBe(STATEMENT_TIMEOUT);
    expect(isDatabaseUnavailable(outcome.err)).toBe(true);
    expect(outcome.ms).toBeGreaterThanOrEqual(QUERY_TIMEOUT_MS - 5);
    expect(outcome.ms).toBeLessThan(QUERY_TIMEOUT_MS * 4);
    expect(abandoned).toEqual(['UPDATE codes SET consumed_at = NOW() WHERE id = ?']); // never the parameters
  });

  it('destroys the connection of an abandoned statement: nothing more runs on it and the pool opens a new one', async () => {
    await open();
    const conn = await acquire(pool);
    server.frozen = true;
    await settle((cb) => conn.query('START TRANSACTION', cb), QUERY_TIMEOUT_MS * 10);
    // What TypeORM does next in a failed transaction: ROLLBACK, then release.
    const rollback = await settle((cb) => conn.query('ROLLBACK', cb), 1000);
    expect(rollback).not.toBe('still waiting');
    if (rollback !== 'still waiting') expect(isDatabaseUnavailable(rollback.err)).toBe(true);
    conn.release();
    server.thaw();
    const next = await acquire(pool);
    expect(next).not.toBe(conn);
    expect(server.connections).toBe(2);
    const fresh = await settle((cb) => next.query('SELECT 1', cb), 1000);
    expect(fresh).toMatchObject({ err: null });
    next.release();
  });

  it.each([
    ['text', (c: PoolConnection, cb: (err: Error | null) => void) => c.query('SELECT 1', cb)],
    ['text with values', (c: PoolConnection, cb: (err: Error | null) => void) => c.query('SELECT ?', [1], cb)],
    ['an options object (what TypeORM passes with enableQueryTimeout)', (c: PoolConnection, cb: (err: Error | null) => void) => c.query({ sql: 'SELECT 2' }, cb)],
  ])('gives the timeout to a statement given as %s', async (_form, run) => {
    await open();
    const conn = await acquire(pool);
    server.frozen = true;
    const outcome = await settle((cb) => run(conn, cb), QUERY_TIMEOUT_MS * 10);
    expect(outcome).toMatchObject({ err: expect.objectContaining({ code: STATEMENT_TIMEOUT }) });
    conn.release();
  });

  it('keeps a timeout the caller chose', async () => {
    await open();
    const conn = await acquire(pool);
    server.frozen = true;
    const longer = await settle((cb) => conn.query({ sql: 'SELECT 3', timeout: QUERY_TIMEOUT_MS * 4 }, cb), QUERY_TIMEOUT_MS * 10);
    expect(longer).toMatchObject({ err: expect.objectContaining({ code: STATEMENT_TIMEOUT }), ms: expect.any(Number) });
    if (longer !== 'still waiting') expect(longer.ms).toBeGreaterThanOrEqual(QUERY_TIMEOUT_MS * 4 - 5);
    conn.release();
  });

  it('leaves schema statements (migrations at start) unbounded', async () => {
    await open();
    const conn = await acquire(pool);
    server.frozen = true;
    const ddl = settle((cb) => conn.query('ALTER TABLE access_tokens ADD INDEX idx_refresh (refresh_token_id)', cb), QUERY_TIMEOUT_MS * 10);
    await new Promise((resolve) => setTimeout(resolve, QUERY_TIMEOUT_MS * 3));
    server.thaw();
    expect(await ddl).toMatchObject({ err: null });
    expect(abandoned).toEqual([]);
    conn.release();
  });

  it('bounds the wait for a pooled connection while every connection is taken', async () => {
    await open();
    const held = await acquire(pool);
    const waiter = await settle((cb) => pool.getConnection(cb), ACQUIRE_TIMEOUT_MS * 10);
    expect(waiter).not.toBe('still waiting');
    if (waiter === 'still waiting') return;
    expect(waiter.err?.code).toBe(POOL_ACQUIRE_TIMEOUT);
    expect(isDatabaseUnavailable(waiter.err)).toBe(true);
    expect(waiter.ms).toBeLessThan(ACQUIRE_TIMEOUT_MS * 4);
    // The connection the abandoned waiter would have got goes back to the pool, not astray.
    held.release();
    await new Promise((resolve) => setTimeout(resolve, 20));
    const again = await settle((cb) => pool.getConnection(cb), ACQUIRE_TIMEOUT_MS / 2);
    expect(again).toMatchObject({ err: null });
    if (again !== 'still waiting') (again.rows as PoolConnection).release();
  });

  it('fails at once with a 503-class error when the pool queue is full', async () => {
    await open({ queueLimit: 1 });
    const held = await acquire(pool);
    const queued = settle((cb) => pool.getConnection(cb), ACQUIRE_TIMEOUT_MS * 10);
    const refused = await settle((cb) => pool.getConnection(cb), ACQUIRE_TIMEOUT_MS / 2);
    expect(refused).not.toBe('still waiting');
    if (refused !== 'still waiting') {
      expect(refused.err?.message).toBe('Queue limit reached.');
      expect(isDatabaseUnavailable(refused.err)).toBe(true);
    }
    expect(await queued).toMatchObject({ err: expect.objectContaining({ code: POOL_ACQUIRE_TIMEOUT }) });
    held.release();
  });

  it('bounds the wait for a new connection to a server frozen before its greeting, well within connectTimeout', async () => {
    await open({ connectionLimit: 2 });
    const held = await acquire(pool);
    server.silent = true;
    const outcome = await settle((cb) => pool.getConnection(cb), 2000);
    expect(outcome).toMatchObject({ err: expect.objectContaining({ code: POOL_ACQUIRE_TIMEOUT }) });
    if (outcome !== 'still waiting') expect(outcome.ms).toBeLessThan(ACQUIRE_TIMEOUT_MS * 4);
    held.release();
  });

  it('at start, before any connection was made, lets the connect attempt report its own error', async () => {
    await open({ connectTimeout: ACQUIRE_TIMEOUT_MS * 2 });
    server.silent = true;
    const outcome = await settle((cb) => pool.getConnection(cb), 2000);
    expect(outcome).toMatchObject({ err: expect.objectContaining({ code: 'ETIMEDOUT' }) });
    if (outcome !== 'still waiting') expect(outcome.ms).toBeGreaterThanOrEqual(ACQUIRE_TIMEOUT_MS * 2 - 5);
  });
});
