import type { EntityManager, EntityMetadata, EntityTarget, ObjectLiteral } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';

/**
 * Plain-row INSERTs and lookups for the hot paths (authorize, code redemption, refresh), as
 * statements built once per entity and shape and then reused — the driver keeps them prepared.
 * TypeORM's query builder rebuilt the SQL of every call (alias maps, property-name rewriting
 * over the whole query, entity hydration) and cost more CPU than the statements themselves.
 * Values and rows still go through the driver's own conversions (dates, booleans, JSON,
 * transformers), exactly as `repository.insert` / `findOneBy` would.
 */
interface Plan {
  meta: EntityMetadata;
  inserts: Map<string, string>;
  selects: Map<string, { sql: string; where: ColumnMetadata[] }>;
}

const plans = new WeakMap<EntityMetadata, Plan>();

function planFor(manager: EntityManager, entity: EntityTarget<ObjectLiteral>): Plan {
  const meta = manager.connection.getMetadata(entity);
  let plan = plans.get(meta);
  if (!plan) {
    plan = { meta, inserts: new Map(), selects: new Map() };
    plans.set(meta, plan);
  }
  return plan;
}

/** INSERT of one row: the columns it has a value for (the others take their defaults). */
export async function insertRow<E extends ObjectLiteral>(manager: EntityManager, entity: EntityTarget<E>, row: E): Promise<void> {
  const { meta, inserts } = planFor(manager, entity);
  const { driver } = manager.connection;
  const columns = meta.columns.filter((c) => c.getEntityValue(row) !== undefined);
  const shape = columns.map((c) => c.databaseName).join(',');
  let sql = inserts.get(shape);
  if (!sql) {
    sql = `INSERT INTO ${driver.escape(meta.tableName)} (${columns.map((c) => driver.escape(c.databaseName)).join(', ')}) ` +
      `VALUES (${columns.map(() => '?').join(', ')})`;
    inserts.set(shape, sql);
  }
  await manager.query(sql, columns.map((c) => driver.preparePersistentValue(c.getEntityValue(row), c)));
}

/** The one row matching every given property (equality; meant for unique lookups), or null. */
export async function findRowBy<E extends ObjectLiteral>(manager: EntityManager, entity: EntityTarget<E>, where: Partial<E>): Promise<E | null> {
  const { meta, selects } = planFor(manager, entity);
  const { driver } = manager.connection;
  const properties = Object.keys(where);
  const shape = properties.join(',');
  let select = selects.get(shape);
  if (!select) {
    const whereColumns = properties.map((p) => {
      const column = meta.findColumnWithPropertyName(p);
      if (!column) throw new Error(`${meta.name} has no column ${p}`);
      return column;
    });
    select = {
      sql: `SELECT ${meta.columns.map((c) => driver.escape(c.databaseName)).join(', ')} FROM ${driver.escape(meta.tableName)} ` +
        `WHERE ${whereColumns.map((c) => `${driver.escape(c.databaseName)} = ?`).join(' AND ')} LIMIT 1`,
      where: whereColumns,
    };
    selects.set(shape, select);
  }
  const params = select.where.map((c) => driver.preparePersistentValue(c.getEntityValue(where), c));
  const rows = (await manager.query(select.sql, params)) as Record<string, unknown>[];
  return rows[0] ? hydrate<E>(manager, meta, rows[0]) : null;
}

function hydrate<E extends ObjectLiteral>(manager: EntityManager, meta: EntityMetadata, raw: Record<string, unknown>): E {
  const { driver } = manager.connection;
  const entityRow = meta.create() as E;
  for (const column of meta.columns) {
    const value = raw[column.databaseName];
    column.setEntityValue(entityRow, value === null || value === undefined ? null : driver.prepareHydratedValue(value, column));
  }
  return entityRow;
}

/**
 * Bulk statements (the importer): bound variables per statement at most, well under SQLite's
 * 32,766 and MySQL's 65,535 placeholders, and bytes of values per statement at most, well under
 * MySQL's max_allowed_packet (16 MB by default on MariaDB, 4 MB on MySQL 5.7).
 */
const MAX_VARIABLES = 10_000;
const MAX_VALUE_BYTES = 1 << 20;

/** Splits items into chunks of at most MAX_VARIABLES variables and about MAX_VALUE_BYTES of values. */
function chunks<T>(items: readonly T[], variablesEach: number, valuesOf: (item: T) => unknown[]): T[][] {
  const out: T[][] = [];
  let chunk: T[] = [];
  let bytes = 0;
  for (const item of items) {
    const size = valuesOf(item).reduce<number>((n, v) => n + (typeof v === 'string' ? v.length * 4 : 16), 0);
    if (chunk.length > 0 && ((chunk.length + 1) * variablesEach > MAX_VARIABLES || bytes + size > MAX_VALUE_BYTES)) {
      out.push(chunk);
      chunk = [];
      bytes = 0;
    }
    chunk.push(item);
    bytes += size;
  }
  if (chunk.length) out.push(chunk);
  return out;
}

/**
 * Multi-row INSERTs of rows that all have a value for the same columns (as insertRow would write
 * each), in as few statements as the limits above allow; the rows of one shape go together.
 */
export async function insertRows<E extends ObjectLiteral>(manager: EntityManager, entity: EntityTarget<E>, rows: readonly E[]): Promise<void> {
  const { meta } = planFor(manager, entity);
  const { driver } = manager.connection;
  const byShape = new Map<string, { columns: ColumnMetadata[]; rows: E[] }>();
  for (const row of rows) {
    const columns = meta.columns.filter((c) => c.getEntityValue(row) !== undefined);
    const shape = columns.map((c) => c.databaseName).join(',');
    const group = byShape.get(shape) ?? byShape.set(shape, { columns, rows: [] }).get(shape)!;
    group.rows.push(row);
  }
  for (const { columns, rows: group } of byShape.values()) {
    const head = `INSERT INTO ${driver.escape(meta.tableName)} (${columns.map((c) => driver.escape(c.databaseName)).join(', ')}) VALUES `;
    const tuple = `(${columns.map(() => '?').join(', ')})`;
    const values = (row: E) => columns.map((c) => driver.preparePersistentValue(c.getEntityValue(row), c));
    for (const chunk of chunks(group, columns.length, values)) {
      await manager.query(head + chunk.map(() => tuple).join(', '), chunk.flatMap(values));
    }
  }
}

/**
 * The rows matching any of the given `where`s (each an equality on the same properties: one
 * `IN (…)` for one property, `(a = ? AND b = ?) OR …` for several — both read through a unique
 * index as the single lookups would). Only the `select`ed properties when given.
 */
export async function findRowsMatching<E extends ObjectLiteral>(
  manager: EntityManager, entity: EntityTarget<E>, wheres: readonly Partial<E>[], select?: readonly (keyof E & string)[],
): Promise<E[]> {
  if (wheres.length === 0) return [];
  const { meta } = planFor(manager, entity);
  const { driver } = manager.connection;
  const columnOf = (p: string) => {
    const column = meta.findColumnWithPropertyName(p);
    if (!column) throw new Error(`${meta.name} has no column ${p}`);
    return column;
  };
  const whereColumns = Object.keys(wheres[0]).map(columnOf);
  const selected = select ? select.map(columnOf) : meta.columns;
  const head = `SELECT ${selected.map((c) => driver.escape(c.databaseName)).join(', ')} FROM ${driver.escape(meta.tableName)} WHERE `;
  const values = (where: Partial<E>) => whereColumns.map((c) => driver.preparePersistentValue(c.getEntityValue(where), c));
  const out: E[] = [];
  for (const chunk of chunks(wheres, whereColumns.length, values)) {
    const condition = whereColumns.length === 1
      ? `${driver.escape(whereColumns[0].databaseName)} IN (${chunk.map(() => '?').join(', ')})`
      : chunk.map(() => `(${whereColumns.map((c) => `${driver.escape(c.databaseName)} = ?`).join(' AND ')})`).join(' OR ');
    const rows = (await manager.query(head + condition, chunk.flatMap(values))) as Record<string, unknown>[];
    for (const raw of rows) out.push(hydrate<E>(manager, meta, raw));
  }
  return out;
}
