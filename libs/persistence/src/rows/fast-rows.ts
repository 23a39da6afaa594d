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
  const raw = rows[0];
  if (!raw) return null;
  const entityRow = meta.create() as E;
  for (const column of meta.columns) {
    const value = raw[column.databaseName];
    column.setEntityValue(entityRow, value === null || value === undefined ? null : driver.prepareHydratedValue(value, column));
  }
  return entityRow;
}
