import type { DataSource } from 'typeorm';
import { isLockConflict } from './lock-conflict';
import { Transactions, TRANSACTION_ATTEMPTS } from './transactions.service';

const deadlock = () => Object.assign(new Error('Deadlock found when trying to get lock'), { driverError: { code: 'ER_LOCK_DEADLOCK', errno: 1213 } });

function fakeDataSource(transaction: (work: (m: never) => Promise<unknown>) => Promise<unknown>): DataSource {
  return { options: { type: 'mysql' }, transaction } as unknown as DataSource;
}

describe(Transactions.name, () => {
  it('recognises a MySQL deadlock or lock wait timeout, directly or wrapped by TypeORM', () => {
    expect(isLockConflict(deadlock())).toBe(true);
    expect(isLockConflict({ code: 'ER_LOCK_WAIT_TIMEOUT' })).toBe(true);
    expect(isLockConflict({ errno: 1213 })).toBe(true);
    expect(isLockConflict(new Error('Duplicate entry'))).toBe(false);
    expect(isLockConflict(undefined)).toBe(false);
  });

  it('re-runs the work after a deadlock and returns its result', async () => {
    let calls = 0;
    const tx = new Transactions(fakeDataSource(async (work) => { calls++; if (calls < 3) throw deadlock(); return work(undefined as never); }));
    await expect(tx.run(async () => 'done')).resolves.toBe('done');
    expect(calls).toBe(3);
  });

  it('afterSettle: runs hooks once the transaction has ended (committed or not), at once outside one', async () => {
    const order: string[] = [];
    const manager = {};
    const tx = new Transactions(fakeDataSource(async (work) => {
      const result = await work(manager as never);
      order.push('commit');
      return result;
    }));
    await tx.run(async (m) => { tx.afterSettle(m, () => order.push('hook')); order.push('work'); });
    expect(order).toEqual(['work', 'commit', 'hook']);
    order.length = 0;
    const failing = new Transactions(fakeDataSource(async (work) => work(manager as never)));
    await expect(failing.run(async (m) => { failing.afterSettle(m, () => order.push('hook')); throw new Error('rolled back'); })).rejects.toThrow('rolled back');
    expect(order).toEqual(['hook']);
    order.length = 0;
    tx.afterSettle({} as never, () => order.push('now'));
    expect(order).toEqual(['now']);
  });

  it('gives up after a bounded number of attempts, and rethrows other errors at once', async () => {
    let calls = 0;
    await expect(new Transactions(fakeDataSource(async () => { calls++; throw deadlock(); })).run(async () => 1)).rejects.toThrow('Deadlock');
    expect(calls).toBe(TRANSACTION_ATTEMPTS);
    calls = 0;
    await expect(new Transactions(fakeDataSource(async () => { calls++; throw new Error('boom'); })).run(async () => 1)).rejects.toThrow('boom');
    expect(calls).toBe(1);
  });
});

/** A fresh in-memory SQLite database with a table `t (v TEXT …)`, destroyed afterwards. */
async function withSqlite(column: string, body: (ds: DataSource, tx: Transactions) => Promise<void>): Promise<void> {
  const { DataSource: Real } = await import('typeorm');
  const ds = new Real({ type: 'better-sqlite3', database: ':memory:' });
  await ds.initialize();
  try {
    await ds.query(`CREATE TABLE t (${column})`);
    await body(ds, new Transactions(ds));
  } finally {
    await ds.destroy();
  }
}

describe(`${Transactions.name} on embedded SQLite`, () => {
  it('runs a single statement after an open transaction ends, so that its rollback cannot take the statement along', async () => {
    await withSqlite('v TEXT', async (ds, tx) => {
    let single: Promise<unknown> | undefined;
    const failing = tx.run(async (m) => {
      await m.query("INSERT INTO t VALUES ('rolled back')");
      // Another request's statement arrives while this transaction is open.
      single = tx.statement((other) => other.query("INSERT INTO t VALUES ('kept')"));
      await new Promise((r) => setTimeout(r, 20));
      throw new Error('roll back');
    });
    await expect(failing).rejects.toThrow('roll back');
    await single;
    expect(await ds.query('SELECT v FROM t')).toEqual([{ v: 'kept' }]);
    });
  });

  it('commits the statements that queued up behind a transaction together; each still succeeds or fails on its own', async () => {
    await withSqlite('v TEXT UNIQUE', async (ds, tx) => {
    const commits: string[] = [];
    const query = ds.driver.createQueryRunner('master');
    const original = query.commitTransaction.bind(query);
    query.commitTransaction = async () => { commits.push('commit'); return original(); };
    let release!: () => void;
    const open = tx.run(async (m) => { await m.query("INSERT INTO t VALUES ('first')"); await new Promise<void>((r) => (release = r)); });
    await new Promise((r) => setTimeout(r, 10));
    const statements = ['a', 'first', 'b', 'c'].map((v) => tx.statement((m) => m.query('INSERT INTO t VALUES (?)', [v])));
    release();
    await open;
    const settled = await Promise.allSettled(statements);
    expect(settled.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    expect((settled[1] as PromiseRejectedResult).reason.message).toMatch(/UNIQUE/);
    expect((await ds.query('SELECT v FROM t ORDER BY v')).map((r: { v: string }) => r.v)).toEqual(['a', 'b', 'c', 'first']);
    // The transaction's commit, then ONE commit for the three statements that waited.
    expect(commits).toEqual(['commit', 'commit']);
    });
  });

  it('a group commit that fails fails every statement in it, so none reports a write that was lost', async () => {
    await withSqlite('v TEXT', async (ds, tx) => {
    const query = ds.driver.createQueryRunner('master');
    let release!: () => void;
    const open = tx.run(async () => { await new Promise<void>((r) => (release = r)); });
    await new Promise((r) => setTimeout(r, 10));
    const statements = ['a', 'b'].map((v) => tx.statement((m) => m.query('INSERT INTO t VALUES (?)', [v])));
    const original = query.commitTransaction.bind(query);
    let calls = 0;
    query.commitTransaction = async () => { if (++calls === 2) throw new Error('disk I/O error'); return original(); };
    release();
    await open;
    const settled = await Promise.allSettled(statements);
    expect(settled.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(await ds.query('SELECT v FROM t')).toEqual([]);
    });
  });

  it('transactions queued in one turn share one COMMIT, each in its own savepoint: a failing one is undone alone', async () => {
    await withSqlite('v TEXT', async (ds, tx) => {
    const query = ds.driver.createQueryRunner('master');
    const sql: string[] = [];
    const original = query.query.bind(query) as (...args: unknown[]) => Promise<unknown>;
    query.query = ((...args: unknown[]) => {
      const q = String(args[0]);
      if (/^(BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE)/.test(q)) sql.push(q.split(' ')[0]);
      return original(...args);
    }) as typeof query.query;
    const hooks: string[] = [];
    const results = await Promise.allSettled([
      tx.run(async (m) => { await m.query("INSERT INTO t VALUES ('a1')"); await m.query("INSERT INTO t VALUES ('a2')"); tx.afterSettle(m, () => hooks.push('a')); return 'a'; }),
      tx.run(async (m) => { await m.query("INSERT INTO t VALUES ('b1')"); throw new Error('b fails'); }),
      tx.statement((m) => m.query("INSERT INTO t VALUES ('c')")),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((await ds.query('SELECT v FROM t ORDER BY v')).map((r: { v: string }) => r.v)).toEqual(['a1', 'a2', 'c']);
    expect(sql.filter((q) => q === 'BEGIN' || q === 'COMMIT')).toEqual(['BEGIN', 'COMMIT']);
    expect(sql).toContain('SAVEPOINT');
    expect(hooks).toEqual(['a']);
    });
  });
});
