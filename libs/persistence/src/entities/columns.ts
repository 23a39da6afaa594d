import { Column, ColumnOptions } from 'typeorm';

/** Instants are stored in UTC with millisecond precision on SQLite and MySQL alike. */
export const DateTimeColumn = (options: ColumnOptions = {}) =>
  Column({ type: 'datetime', precision: 3, ...options });

/** A JSON array or object kept in a text column (portable; no native JSON type needed). */
export const JsonColumn = (options: ColumnOptions = {}) =>
  Column({
    type: 'text',
    ...options,
    transformer: {
      // null stays SQL NULL (a nullable column's "unset"), not the text "null".
      to: (value: unknown) => (value === undefined || value === null ? value : JSON.stringify(value)),
      from: (value: string | null) => (value == null ? value : JSON.parse(value)),
    },
  });
