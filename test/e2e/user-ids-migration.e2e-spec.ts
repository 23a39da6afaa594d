import { randomBytes, randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { parseDatabaseUrl } from '../../libs/common/src/config/database.config';
import { buildDataSourceOptions } from '../../libs/persistence/src/data-source-options';
import { MIGRATIONS } from '../../libs/persistence/src/migrations';
import { createTestDatabase, TestDatabase } from '../support/database';

/**
 * Issue 16: user ids up to 64 characters, nullable password hashes, password scheme columns.
 * A database built by the migrations before this one, holding a user and every kind of row that
 * names a user, is migrated; nothing is lost and the new shapes fit.
 */
const THIS = 1764450000000;
const stamp = (m: { name: string }) => Number(/(\d{13})$/.exec(m.name)![1]);
const time = '2030-01-02 03:04:05.678';

describe('migration: user ids up to 64 characters and password scheme columns', () => {
  let db: TestDatabase;
  let url: string;
  let file: string | undefined;
  const open = (migrations: typeof MIGRATIONS) => new DataSource({
    ...buildDataSourceOptions(parseDatabaseUrl(url, (m) => { throw new Error(m); })),
    migrations,
    migrationsRun: false,
  } as never);

  beforeAll(async () => {
    db = await createTestDatabase();
    if (db.kind === 'sqlite') {
      file = join(tmpdir(), `gh-user-ids-${randomBytes(4).toString('hex')}.sqlite`);
      url = `sqlite:${file}`;
    } else {
      url = db.url;
    }
  });
  afterAll(async () => {
    await db.drop();
    if (file) for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
  });

  const uuid = randomUUID();
  const rows: Record<string, Record<string, unknown>> = {
    users: { id: uuid, username: 'before', password_hash: '$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaA', is_admin: 0, disabled: 0, created_at: time, updated_at: time },
    authorization_codes: { id: randomUUID(), code_hash: 'c'.repeat(64), client_id: 'app', user_id: uuid, redirect_uri: 'https://app/cb', redirect_uri_provided: 1, scope: 'openid', grant_id: randomUUID(), expires_at: time, created_at: time },
    access_tokens: { id: randomUUID(), token_hash: 'a'.repeat(64), client_id: 'app', user_id: uuid, scope: 'openid', created_at: time },
    refresh_tokens: { id: randomUUID(), token_hash: 'r'.repeat(64), client_id: 'app', user_id: uuid, scope: 'openid', grant_id: randomUUID(), created_at: time },
    consents: { id: randomUUID(), user_id: uuid, client_id: 'app', scope: 'openid', created_at: time, updated_at: time },
    sessions: { id: randomUUID(), sid_hash: 's'.repeat(64), kind: 'browser', user_id: uuid, csrf_token: 'x'.repeat(64), expires_at: time, created_at: time, updated_at: time },
    interactions: { id: 'i'.repeat(64), client_id: 'app', user_id: uuid, params: '{}', expires_at: time, created_at: time },
  };
  const insert = (ds: DataSource, table: string, row: Record<string, unknown>) =>
    ds.query(`INSERT INTO ${table} (${Object.keys(row).join(', ')}) VALUES (${Object.keys(row).map(() => '?').join(', ')})`, Object.values(row));

  it('keeps every row that names a user, and the new columns are there, empty', async () => {
    const before = open(MIGRATIONS.filter((m) => stamp(m) < THIS));
    await before.initialize();
    await before.runMigrations();
    for (const [table, row] of Object.entries(rows)) await insert(before, table, row);
    await before.destroy();

    const after = open(MIGRATIONS);
    await after.initialize();
    try {
      const ran = await after.runMigrations();
      expect(ran.map((m) => m.name)).toContain(`UserIdsAndPasswordSchemes${THIS}`);
      for (const [table, row] of Object.entries(rows)) {
        const [back] = await after.query(`SELECT * FROM ${table} WHERE id = ?`, [row.id]);
        expect(back).toBeDefined();
        expect(back.user_id ?? back.id).toBe(uuid);
      }
      const [user] = await after.query('SELECT * FROM users WHERE id = ?', [uuid]);
      expect(user).toMatchObject({ username: 'before', password_hash: rows.users.password_hash, password_scheme: null, password_salt: null, imported_hash_sha256: null });
    } finally {
      await after.destroy();
    }
  });

  it('takes 64-character ids everywhere, a user without a password hash, and a scheme with its salt', async () => {
    const ds = open(MIGRATIONS);
    await ds.initialize();
    try {
      const long = `platform|${'9'.repeat(55)}`;
      expect(long).toHaveLength(64);
      await insert(ds, 'users', { ...rows.users, id: long, username: 'imported', password_hash: null });
      const lower = 'abc-user';
      await insert(ds, 'users', { ...rows.users, id: lower, username: 'lower', password_hash: 'f'.repeat(32), password_scheme: 'md5(md5($password).$salt)', password_salt: 'x'.repeat(255), imported_hash_sha256: 'e'.repeat(64) });
      // Ids compare byte for byte (MySQL's default collation would make these one row).
      await insert(ds, 'users', { ...rows.users, id: lower.toUpperCase(), username: 'upper' });
      for (const [table, row] of Object.entries(rows)) {
        if (table === 'users') continue;
        const id = table === 'interactions' ? 'j'.repeat(64) : randomUUID();
        const unique = Object.fromEntries(Object.entries(row).map(([k, v]) => [k, /_hash$/.test(k) ? 'd'.repeat(64) : v]));
        await insert(ds, table, { ...unique, id, user_id: long });
        const [back] = await ds.query(`SELECT user_id FROM ${table} WHERE id = ?`, [id]);
        expect(back.user_id).toBe(long);
      }
      const [imported] = await ds.query('SELECT * FROM users WHERE id = ?', [long]);
      expect(imported.password_hash).toBeNull();
      const found = await ds.query('SELECT username FROM users WHERE id = ?', [lower]);
      expect(found.map((r: { username: string }) => r.username)).toEqual(['lower']);
      const consents = await ds.query('SELECT id FROM consents WHERE user_id = ?', [long.toUpperCase()]);
      expect(consents).toHaveLength(0);
    } finally {
      await ds.destroy();
    }
  });

  it('reverts to the previous shape and applies again', async () => {
    const ds = open(MIGRATIONS);
    await ds.initialize();
    try {
      await ds.query('DELETE FROM users WHERE id <> ?', [uuid]);
      for (const table of Object.keys(rows)) if (table !== 'users') await ds.query(`DELETE FROM ${table} WHERE user_id <> ?`, [uuid]);
      await ds.undoLastMigration();
      const runner = ds.createQueryRunner();
      const users = await runner.getTable('users');
      await runner.release();
      expect(users?.findColumnByName('password_scheme')).toBeUndefined();
      expect(users?.findColumnByName('id')?.length).toBe('36');
      const [user] = await ds.query('SELECT * FROM users WHERE id = ?', [uuid]);
      expect(user.username).toBe('before');
      expect(await ds.runMigrations()).toHaveLength(1);
    } finally {
      await ds.destroy();
    }
  });
});
