import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { isLockConflict } from './lock-conflict';

export const TRANSACTION_ATTEMPTS = 4;

interface QueuedStatement {
  work: (manager: EntityManager) => Promise<unknown>;
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
 *   a transaction within a transaction"), so there transactions are queued one after another.
 *   Keep bodies to database work only (no hashing, no network): a statement issued by another
 *   request while a transaction is open runs on the same connection.
 */
@Injectable()
export class Transactions {
  private readonly serialize: boolean;
  private tail: Promise<unknown> = Promise.resolve();
  /** SQLite: statements waiting for their turn, to be committed together. */
  private gathering?: QueuedStatement[];
  /** What to run when the transaction a manager belongs to has ended (see afterSettle). */
  private readonly settleHooks = new WeakMap<EntityManager, (() => void)[]>();

  constructor(private readonly dataSource: DataSource) {
    this.serialize = dataSource.options.type === 'better-sqlite3';
  }

  async run<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.once(work);
      } catch (err) {
        if (attempt >= TRANSACTION_ATTEMPTS || !isLockConflict(err)) throw err;
        await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 20 * attempt));
      }
    }
  }

  /**
   * Work that writes with ONE statement, atomic by itself (an INSERT … SELECT, a conditional
   * UPDATE): no BEGIN/COMMIT round trips of its own. On MySQL it runs on a pooled connection in
   * autocommit mode. On SQLite it waits its turn behind any open transaction, so that it never runs
   * inside another request's transaction (whose rollback would take it along); the statements that
   * queued up meanwhile then commit together (group commit: one commit writes each touched page
   * once, where a commit per statement wrote the same index pages again and again). Each
   * statement still succeeds or fails on its own (SQLite undoes a failing statement, not the
   * transaction); a commit that fails fails them all, so none reports a write that was lost.
   */
  statement<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    if (!this.serialize) return this.runAlone(work);
    return new Promise<T>((resolve, reject) => {
      const item = { work, resolve, reject } as QueuedStatement;
      if (this.gathering) {
        this.gathering.push(item);
        return;
      }
      const batch = [item];
      this.gathering = batch;
      // Gather what the requests read in this turn of the event loop ask for, then queue it.
      setImmediate(() => {
        this.gathering = undefined;
        void this.inTurn(() => this.commitTogether(batch));
      });
    });
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

  private once<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const transaction = async () => {
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
    };
    return this.serialize ? this.inTurn(transaction) : transaction();
  }

  private async runAlone<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const runner = this.dataSource.createQueryRunner();
    try {
      return await work(runner.manager);
    } finally {
      await runner.release();
    }
  }

  /** SQLite: the statements gathered while waiting, in one transaction (alone: autocommit). */
  private async commitTogether(batch: QueuedStatement[]): Promise<void> {
    if (batch.length === 1) {
      const [only] = batch;
      await this.runAlone(only.work).then(only.resolve, only.reject);
      return;
    }
    const runner = this.dataSource.createQueryRunner();
    const outcomes: { ok: boolean; value: unknown }[] = [];
    try {
      await runner.startTransaction();
      for (const item of batch) {
        // An I/O error can make SQLite roll the whole transaction back: the rest must not run in autocommit.
        if (!this.sqliteInTransaction()) {
          outcomes.push({ ok: false, value: new Error('the group commit was rolled back by the database') });
          continue;
        }
        try {
          outcomes.push({ ok: true, value: await item.work(runner.manager) });
        } catch (err) {
          outcomes.push({ ok: false, value: err });
        }
      }
      await runner.commitTransaction();
    } catch (err) {
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      for (const item of batch) item.reject(err);
      return;
    } finally {
      await runner.release();
    }
    batch.forEach((item, i) => (outcomes[i].ok ? item.resolve(outcomes[i].value) : item.reject(outcomes[i].value)));
  }

  private sqliteInTransaction(): boolean {
    const connection = (this.dataSource.driver as unknown as { databaseConnection?: { inTransaction?: boolean } }).databaseConnection;
    return connection?.inTransaction !== false;
  }

  /** SQLite: runs `task` once everything queued before it has settled. */
  private inTurn<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task);
    this.tail = result.catch(() => undefined);
    return result;
  }
}
