import { createHmac, generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { PairwiseSubject } from '../../libs/accounts/src';
import { parseDatabaseUrl } from '../../libs/common/src/config/database.config';
import { SopPlatformKey } from '../../libs/dialects/src/sop/sop-platform-key.service';
import { buildDataSourceOptions } from '../../libs/persistence/src';
import { MIGRATIONS } from '../../libs/persistence/src/migrations';
import { startTestApp, TestApp } from '../support/app';
import { createTestDatabase, TestDatabase } from '../support/database';

/**
 * Issue 14, finding 2: the seed-003 platform RSA private key and the pairwise-subject HMAC
 * secret sat in server_keys as plain text (the OIDC signing keys were sealed). Both are now
 * sealed the same way (AES-256-GCM under KEYS_SECRET, else SESSION_SECRET), a migration seals
 * the rows of an older database, and the embedded SQLite files are created 0600 in a 0700 directory.
 */
const QUIET = { logQuery() {}, logQueryError() {}, logQuerySlow() {}, logSchemaBuild() {}, logMigration() {}, log() {} };
const SEALED = /^v1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

async function keyRows(t: TestApp): Promise<{ kind: string; private_material: string; public_material: string | null }[]> {
  return t.dataSource.query("SELECT kind, private_material, public_material FROM server_keys WHERE kind IN ('pairwise', 'sop-platform') ORDER BY kind");
}

describe('server secrets at rest (issue 14 #2)', () => {
  describe('a fresh database', () => {
    let t: TestApp;
    beforeAll(async () => { t = await startTestApp(); });
    afterAll(() => t.close());

    it('#2 stores the pairwise secret and the seed-003 platform private key sealed, and both work', async () => {
      const openid = await t.app.get(PairwiseSubject).openidFor('user-1', 'client-1');
      const publicPem = (await t.http().get('/sop/platform-key').expect(200)).text;
      const rows = await keyRows(t);
      expect(rows.map((r) => r.kind)).toEqual(['pairwise', 'sop-platform']);
      for (const row of rows) {
        expect(row.private_material).toMatch(SEALED);
        expect(row.private_material).not.toContain('PRIVATE KEY');
      }
      expect(openid).toMatch(/^[A-Za-z0-9_-]{32}$/);
      expect(publicPem).toContain('BEGIN PUBLIC KEY');
      expect((await t.app.get(SopPlatformKey).get()).privateKeyPem).toContain('BEGIN PRIVATE KEY');
    });
  });

  describe('a database from before, with plaintext rows', () => {
    let dir: string;
    let db: TestDatabase | undefined;
    let url: string;
    let t: TestApp;
    const pairwiseSecret = randomBytes(32);
    const platform = generateKeyPairSync('rsa', {
      modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    });

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'gh-seal-'));
      if (process.env.DATABASE_URL?.startsWith('mysql:')) {
        db = await createTestDatabase();
        url = db.url;
      } else {
        url = `sqlite:${join(dir, 'old.sqlite')}`;
      }
      // The schema as the release before this one left it, with its plaintext rows.
      const before = MIGRATIONS.slice(0, MIGRATIONS.findIndex((m) => m.name.startsWith('SealServerSecrets')));
      expect(before.length).toBeLessThan(MIGRATIONS.length);
      const old = await new DataSource({
        ...buildDataSourceOptions(parseDatabaseUrl(url, (m) => { throw new Error(m); }), { logger: QUIET }), migrations: before,
      }).initialize();
      const now = new Date().toISOString().replace('T', ' ').replace('Z', '');
      await old.query('INSERT INTO server_keys (id, kind, alg, kid, public_material, private_material, status, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
        [randomUUID(), 'pairwise', 'HS256', null, null, pairwiseSecret.toString('base64'), 'active', now]);
      await old.query('INSERT INTO server_keys (id, kind, alg, kid, public_material, private_material, status, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
        [randomUUID(), 'sop-platform', 'RS256', null, platform.publicKey, platform.privateKey, 'active', now]);
      await old.destroy();
      t = await startTestApp({ env: { DATABASE_URL: url } });
    });
    afterAll(async () => {
      await t.close();
      await db?.drop();
      rmSync(dir, { recursive: true, force: true });
    });

    it('#2 the migration seals both rows in place', async () => {
      const rows = await keyRows(t);
      expect(rows.map((r) => r.kind)).toEqual(['pairwise', 'sop-platform']);
      for (const row of rows) expect(row.private_material).toMatch(SEALED);
      expect(rows[0].private_material).not.toContain(pairwiseSecret.toString('base64'));
      expect(rows[1].private_material).not.toContain('PRIVATE KEY');
    });

    it('#2 … and they still work: the same openids, the same platform key', async () => {
      const expected = createHmac('sha256', pairwiseSecret).update('client-1\u0000user-1').digest('base64url').slice(0, 32);
      expect(await t.app.get(PairwiseSubject).openidFor('user-1', 'client-1')).toBe(expected);
      expect((await t.http().get('/sop/platform-key').expect(200)).text.trim()).toBe(platform.publicKey.trim());
      expect((await t.app.get(SopPlatformKey).get()).privateKeyPem).toBe(platform.privateKey);
    });
  });

  describe('the embedded SQLite files', () => {
    let root: string;
    let t: TestApp;
    beforeAll(async () => {
      root = mkdtempSync(join(tmpdir(), 'gh-perm-'));
      t = await startTestApp({ env: { DATABASE_URL: `sqlite:${join(root, 'data', 'gatehouse.sqlite')}` } });
      await t.app.get(PairwiseSubject).openidFor('user-1', 'client-1'); // a write, so the WAL exists
    });
    afterAll(async () => {
      await t.close();
      rmSync(root, { recursive: true, force: true });
    });

    const mode = (path: string) => statSync(path).mode & 0o777;

    it('#2 the data directory is created 0700', () => {
      expect(mode(join(root, 'data')).toString(8)).toBe('700');
    });

    it('#2 the database file and its -wal and -shm are 0600', () => {
      const file = join(root, 'data', 'gatehouse.sqlite');
      for (const path of [file, `${file}-wal`, `${file}-shm`]) {
        expect(existsSync(path)).toBe(true);
        expect(`${path}: ${mode(path).toString(8)}`).toBe(`${path}: 600`);
      }
    });
  });
});
