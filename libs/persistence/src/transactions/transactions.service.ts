import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, QueryRunner } from 'typeorm';
import { isLockConflict } from './lock-conflict';

export const TRANSACTION_ATTEMPTS = 4;

type Work = (manager: EntityManager) => Promise<unknown>;

/** SQLite: a transaction or single statement waiting for its turn. */
interface Queued {
  kind: 'transaction' | 'statement';
  work: Work;
  resolve: (value: unknown) => void;
  reject: (reason: unknown) => void;
}

/**
 * The one way to run a transaction.
 * - MySQL/MariaDB give each transaction its own pooled connection. Concurrent work on the same
 *   rows (two losers of a code race revoking one family, a suspension racing a refresh) can
 *   deadlock; InnoDB rolls one back, and it is re-run from the start (up to TRANSACTION_ATTEMPTS),
 *   where it sees what the winner committed. Bodies must therefore be re-runnable: conditional
 *   updates, fresh ids.
 * - Embedded SQLite has a single connection, on which two interleaved BEGINs fail ("cannot start
 *   a transaction within a transaction"), so there the work is queued and run one after another.
 *   What queued up in one turn of the event loop runs in ONE database transaction (group commit):
 *   each transaction inside its own savepoint (rolled back alone when it fails), each single
 *   statement on its own (SQLite undoes a failing statement, not the transaction), and one COMMIT
 *   for all — a commit writes each page it touched once, where a commit per request wrote the
 *   same index pages again and again. Nobody hears of success before that COMMIT; if it fails,
 *   every piece of work in it fails. Keep bodies to database work only (no hashing, no network):
 *   the others wait for them, and a statement issued outside this queue while a transaction is
 *   open runs on the same connection.
 */
@Injectable()
export class Transactions {
  private readonly serialize: boolean;
  private tail: Promise<unknown> = Promise.resolve();
  /** SQLite: the work gathered in this turn of the event loop. */
  private gathering?: Queued[];
  /** What to run when the transaction a manager belongs to has ended (see afterSettle). */
  private readonly settleHooks = new WeakMap<EntityManager, (() => void)[]>();

  constructor(private readonly dataSource: DataSource) {
    this.serialize = dataSource.options.type === 'better-sqlite3';
  }

  async run<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await (this.serialize ? this.enqueue<T>('transaction', work) : this.transactionAlone(work));
      } catch (err) {
        if (attempt >= TRANSACTION_ATTEMPTS || !isLockConflict(err)) throw err;
        await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 20 * attempt));
      }
    }
  }

  /**
   * Work that writes with ONE statement, atomic by itself (an INSERT … SELECT, a conditional
   * UPDATE): no BEGIN/COMMIT of its own. On MySQL it runs on a pooled connection in autocommit
   * mode; on SQLite it waits its turn like a transaction, so that it never runs inside another
   * request's transaction (whose rollback would take it along), and commits with its group.
   */
  statement<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.serialize ? this.enqueue<T>('statement', work) : this.runAlone(work);
  }

  /**
   * Runs `fn` once the transaction that `manager` belongs to has ended, committed or rolled back
   * (then other connections see its outcome); right away when `manager` is not in a transaction
   * run here. For in-process state that must follow what was committed (the bearer cache).
   */
  afterSettle(manager: EntityManager, fn: () => void): void {
    const hooks = this.settleHooks.get(manager);
    if (hooks) hooks.push(fn);
    else fn();
  }

  private enqueue<T>(kind: Queued['kind'], work: Work): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const item: Queued = { kind, work, resolve: resolve as (value: unknown) => void, reject };
      if (this.gathering) {
        this.gathering.push(item);
        return;
      }
      const group = [item];
      this.gathering = group;
      // Gather what the requests read in this turn of the event loop ask for, then queue it.
      setImmediate(() => {
        this.gathering = undefined;
        const turn = this.tail.then(() => this.runGroup(group));
        this.tail = turn.catch(() => undefined);
      });
    });
  }

  /** SQLite: one turn's work, alone as it would run anyway, or together in one transaction. */
  private async runGroup(group: Queued[]): Promise<void> {
    if (group.length === 1) {
      const [only] = group;
      await (only.kind === 'statement' ? this.runAlone(only.work) : this.transactionAlone(only.work)).then(only.resolve, only.reject);
      return;
    }
    const runner = this.dataSource.createQueryRunner();
    const hooks: (() => void)[] = [];
    const outcomes: { ok: boolean; value: unknown }[] = [];
    try {
      await runner.startTransaction();
      this.settleHooks.set(runner.manager, hooks);
      for (const item of group) outcomes.push(await this.runInGroup(runner, item));
      await runner.commitTransaction();
    } catch (err) {
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      for (const item of group) item.reject(err);
      return;
    } finally {
      this.settleHooks.delete(runner.manager);
      await runner.release();
      for (const fn of hooks) fn();
    }
    group.forEach((item, i) => (outcomes[i].ok ? item.resolve(outcomes[i].value) : item.reject(outcomes[i].value)));
  }

  private async runInGroup(runner: QueryRunner, item: Queued): Promise<{ ok: boolean; value: unknown }> {
    // An I/O error can make SQLite roll the whole transaction back: the rest must not run in autocommit.
    if (!this.sqliteInTransaction()) return { ok: false, value: new Error('the group transaction was rolled back by the database') };
    if (item.kind === 'statement') {
      try {
        return { ok: true, value: await item.work(runner.manager) };
      } catch (err) {
        return { ok: false, value: err };
      }
    }
    await runner.startTransaction(); // a savepoint inside the group's transaction
    try {
      const value = await item.work(runner.manager);
      await runner.commitTransaction(); // releases the savepoint
      return { ok: true, value };
    } catch (err) {
      if (this.sqliteInTransaction()) await runner.rollbackTransaction().catch(() => undefined); // to the savepoint
      return { ok: false, value: err };
    }
  }

  private async runAlone<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const runner = this.dataSource.createQueryRunner();
    try {
      return await work(runner.manager);
    } finally {
      await runner.release();
    }
  }

  private async transactionAlone<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const hooks: (() => void)[] = [];
    let manager: EntityManager | undefined;
    try {
      return await this.dataSource.transaction((m) => {
        if (m) {
          manager = m;
          this.settleHooks.set(m, hooks);
        }
        return work(m);
      });
    } finally {
      if (manager && this.settleHooks.get(manager) === hooks) this.settleHooks.delete(manager);
      for (const fn of hooks) fn();
    }
  }

  private sqliteInTransaction(): boolean {
    const connection = (this.dataSource.driver as unknown as { databaseConnection?: { inTransaction?: boolean } }).databaseConnection;
    return connection?.inTransaction !== false;
  }
}
