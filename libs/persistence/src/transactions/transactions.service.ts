import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

/**
 * The one way to run a transaction. MySQL gives each transaction its own pooled connection.
 * Embedded SQLite has a single connection, on which two interleaved BEGINs fail ("cannot start
 * a transaction within a transaction"), so there transactions are queued one after another.
 * Keep transaction bodies to database work only (no hashing, no network): on SQLite a statement
 * issued by another request while a transaction is open runs on the same connection.
 */
@Injectable()
export class Transactions {
  private readonly serialize: boolean;
  private tail: Promise<unknown> = Promise.resolve();

  constructor(private readonly dataSource: DataSource) {
    this.serialize = dataSource.options.type === 'better-sqlite3';
  }

  run<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    if (!this.serialize) return this.dataSource.transaction(work);
    const result = this.tail.then(() => this.dataSource.transaction(work));
    this.tail = result.catch(() => undefined);
    return result;
  }
}
