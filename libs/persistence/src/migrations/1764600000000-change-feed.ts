import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';
import { col } from './columns';

/**
 * The change feed that keeps every instance's caches coherent (ChangeFeed). The id orders the
 * events: a 64-bit counter on MySQL (refresh rotations write one event each), SQLite's rowid.
 */
export class ChangeFeed1764600000000 implements MigrationInterface {
  name = 'ChangeFeed1764600000000';

  async up(q: QueryRunner): Promise<void> {
    const mysql = q.connection.options.type !== 'better-sqlite3';
    await q.createTable(new Table({
      name: 'change_events',
      columns: [
        { name: 'id', type: mysql ? 'bigint' : 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
        col.str('topic', 16),
        col.str('item', 191),
        col.time('at'),
      ],
    }));
    await q.createIndex('change_events', new TableIndex({ name: 'idx_change_events_at', columnNames: ['at'] }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('change_events');
  }
}
