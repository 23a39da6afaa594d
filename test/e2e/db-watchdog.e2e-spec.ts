import { DataSource } from 'typeorm';
import { isDatabaseUnavailable } from '../../libs/common/src';
import { parseDatabaseUrl } from '../../libs/common/src/config/database.config';
import { buildDataSourceOptions, Transactions } from '../../libs/persistence/src';
import { createTestDatabase, TestDatabase } from '../support/database';

/**
 * Issue 7 "Database faults", the statement watchdog and the bounded pool on a real MySQL/MariaDB
 * server: a statement that does not answer in time (here `SELECT SLEEP(n)`, as a frozen server
 * would) fails as "database unavailable" (503), its connection is destroyed rather than pooled
 * again, and a transaction it interrupts is rolled back. `node bench/db-fault.mjs --fault freeze`
 * checks the same under traffic with a really frozen server. MySQL only: SQLite runs in-process.
 */
const onMysql = /^(mysql|mariadb):/.test(process.env.DATABASE_URL ?? '');
(onMysql ? describe : describe.skip)('database watchdog (MySQL/MariaDB)', () => {
  const QUERY_TIMEOUT_MS = 400;
  const ACQUIRE_TIMEOUT_MS = 300;
  let db: TestDatabase;
  let ds: DataSource;

  const timed = async (work: () => Promise<unknown>) => {
    const started = Date.now();
    try {
      return { value: await work(), err: undefined, ms: Date.now() - started };
    } catch (err) {
      return { value: undefined, err, ms: Date.now() - started };
    }
  };
  /** Until the server has ended connection `id` (it notices the closed socket once SLEEP returns). */
  const serverThreadGone = async (id: number) => {
    for (const deadline = Date.now() + 10_000; Date.now() < deadline;) {
      const [{ n }] = await ds.query('SELECT COUNT(*) AS n FROM information_schema.PROCESSLIST WHERE ID = ?', [id]);
      if (Number(n) === 0) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`connection ${id} still open on the server`);
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    const config = parseDatabaseUrl(db.url, (msg) => { throw new Error(msg); });
    ds = new DataSource({
      ...buildDataSourceOptions({ ...config, queryTimeoutMs: QUERY_TIMEOUT_MS }, { poolSize: 2, acquireTimeoutMs: ACQUIRE_TIMEOUT_MS }),
      migrationsRun: false,
    });
    await ds.initialize();
    await ds.query('CREATE TABLE probe (id INT PRIMARY KEY) ENGINE=InnoDB');
  });
  afterAll(async () => {
    if (ds?.isInitialized) await ds.destroy();
    await db?.drop();
  });

  it('fails a statement unanswered after DB_QUERY_TIMEOUT_MS as "database unavailable", and the pool stays usable', async () => {
    const slow = await timed(() => ds.query('SELECT SLEEP(3)'));
    expect(slow.err).toBeDefined();
    expect(isDatabaseUnavailable(slow.err)).toBe(true);
    expect(slow.ms).toBeGreaterThanOrEqual(QUERY_TIMEOUT_MS - 10);
    expect(slow.ms).toBeLessThan(QUERY_TIMEOUT_MS + 1000);
    const next = await timed(() => ds.query('SELECT 1 AS one'));
    expect(next.err).toBeUndefined();
    expect(next.ms).toBeLessThan(500);
  });

  it('rolls back a transaction the watchdog interrupted (its connection is closed, never committed)', async () => {
    let connectionId = 0;
    const tx = await timed(() => new Transactions(ds).run(async (m) => {
      connectionId = Number((await m.query('SELECT CONNECTION_ID() AS id'))[0].id);
      await m.query('INSERT INTO probe (id) VALUES (1)');
      await m.query('SELECT SLEEP(2)');
      await m.query('INSERT INTO probe (id) VALUES (2)');
    }));
    expect(isDatabaseUnavailable(tx.err)).toBe(true);
    expect(tx.ms).toBeLessThan(QUERY_TIMEOUT_MS + 1000);
    await serverThreadGone(connectionId);
    const [{ n }] = await ds.query('SELECT COUNT(*) AS n FROM probe');
    expect(Number(n)).toBe(0);
    // The pool hands out other connections now.
    const [{ id }] = await ds.query('SELECT CONNECTION_ID() AS id');
    expect(Number(id)).not.toBe(connectionId);
  });

  it('bounds the wait for a connection while every pooled connection is taken', async () => {
    const held = [ds.createQueryRunner(), ds.createQueryRunner()];
    await Promise.all(held.map((r) => r.connect()));
    try {
      const waiting = await timed(() => ds.query('SELECT 1'));
      expect(isDatabaseUnavailable(waiting.err)).toBe(true);
      expect((waiting.err as { code?: string }).code).toBe('POOL_ACQUIRE_TIMEOUT');
      expect(waiting.ms).toBeLessThan(ACQUIRE_TIMEOUT_MS + 500);
    } finally {
      await Promise.all(held.map((r) => r.release()));
    }
    expect((await timed(() => ds.query('SELECT 1'))).err).toBeUndefined();
  });
});
