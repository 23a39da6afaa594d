import { TableColumnOptions } from 'typeorm';

/**
 * Column shorthands for migrations. They go through TypeORM's Table API so that one migration
 * produces the right DDL on SQLite and on MySQL/MariaDB.
 */
export const col = {
  id: (name = 'id', length = 36): TableColumnOptions => ({ name, type: 'varchar', length: String(length), isPrimary: true }),
  str: (name: string, length: number, nullable = false): TableColumnOptions => ({ name, type: 'varchar', length: String(length), isNullable: nullable }),
  text: (name: string, nullable = false): TableColumnOptions => ({ name, type: 'text', isNullable: nullable }),
  int: (name: string, nullable = false, def?: number): TableColumnOptions => ({ name, type: 'int', isNullable: nullable, default: def }),
  bool: (name: string, def: boolean): TableColumnOptions => ({ name, type: 'boolean', isNullable: false, default: def ? 1 : 0 }),
  time: (name: string, nullable = false): TableColumnOptions => ({ name, type: 'datetime', precision: 3, isNullable: nullable }),
};
