import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { isLockConflict } from './lock-conflict';

export const TRANSACTION_ATTEMPTS = 4;

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
   * UPDATE): no BEGIN/COMMIT round trips. On SQLite it still waits its turn behind any open
   * transaction, so that it never runs inside another request's transaction (whose rollback
   * would take it along); on MySQL it runs on a pooled connection in autocommit mode.
   */
  async statement<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const runOne = async () => {
      const runner = this.dataSource.createQueryRunner();
      try {
        return await work(runner.manager);
      } finally {
        await runner.release();
      }
    };
    return this.serialize ? this.inTurn(runOne) : runOne();
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

  /** SQLite: runs `task` once everything queued before it has settled. */
  private inTurn<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task);
    this.tail = result.catch(() => undefined);
    return result;
  }
}
