import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import bcrypt from 'bcryptjs';
import { DataSource } from 'typeorm';
import { MigrationLockEntity } from '../../libs/persistence/src';
import { startTestApp, TestApp } from '../support/app';
import { createTestDatabase, TestDatabase } from '../support/database';
import { adminToken, bearer } from '../support/admin';
import { loginAndAuthorize } from '../support/browser-flow';
import { basicAuth } from '../support/fixtures';
import { DIGEST_HASHES, PasswordFixture, PBKDF2_HASHLIB, PUBLISHED_HASHES } from '../support/password-fixtures';

/** PRODUCT.md "Import": one file of every line type, then every old credential works here. */
const REDIRECT = 'https://legacy.example/cb';
const CHANNEL = { id: 'legacy.shop_1', secret: 'old-shop-secret-0001' };
/** A channel given by the SHA-256 of its secret, as a platform that stored it hashed exports it. */
const HASHED = { id: 'Legacy-App-2', secret: 'second-old-secret' };
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** Hashes made by real libraries: bcryptjs (written with PHP's $2y$ prefix), published vectors, hashlib. */
const BCRYPTJS: PasswordFixture = {
  name: 'bcrypt $2y$ (bcryptjs, PHP prefix)', scheme: null, salt: null, password: 'php-era password 1',
  hash: bcrypt.hashSync('php-era password 1', 4).replace(/^\$2[ab]\$/, '$2y$'),
};
const FIXTURES: PasswordFixture[] = [BCRYPTJS, ...PUBLISHED_HASHES, PBKDF2_HASHLIB, ...DIGEST_HASHES];
const USERS = FIXTURES.map((f, i) => ({ ...f, userId: `legacy:${1000 + i}`, username: `legacy_user${i}` }));
const OPENID = 'oLegacy_0penId-OfUser0';

function userLine(u: (typeof USERS)[number]) {
  return {
    type: 'user', user_id: u.userId, username: u.username, password_hash: u.hash,
    ...(u.scheme ? { password_scheme: u.scheme } : {}), ...(u.salt ? { password_salt: u.salt } : {}),
    display_name: `Legacy ${u.name}`, attributes: { seller_name: `Shop of ${u.username}` },
  };
}

const FULL_FILE = [
  ...USERS.map(userLine),
  { type: 'user', user_id: 'delegated-only-1', username: 'no_password_user', display_name: 'Signs in elsewhere', disabled: false },
  {
    type: 'channel', client_id: CHANNEL.id, client_secret: CHANNEL.secret, client_name: 'Legacy Shop', redirect_uris: [REDIRECT],
    scope: 'user_id_read profile openid snsapi_login', status: 'approved', grant_types: ['authorization_code', 'refresh_token'],
    token_endpoint_auth_method: 'client_secret_basic', access_token_ttl: 7200, refresh_token_ttl: -1,
  },
  {
    type: 'channel', client_id: HASHED.id, client_secret_sha256: sha256(HASHED.secret).toUpperCase(), client_name: 'Legacy App 2',
    redirect_uris: [REDIRECT], scope: 'user_id_read profile', status: 'approved',
  },
  { type: 'openid', user_id: USERS[0].userId, client_id: CHANNEL.id, openid: OPENID },
  {
    type: 'grant', user_id: USERS[0].userId, client_id: CHANNEL.id, scope: 'user_id_read profile',
    refresh_token: 'old-refresh-token-never-expires', refresh_token_expires_at: null,
    access_token: 'old-access-token-never-expires', access_token_expires_at: null,
  },
  {
    type: 'grant', user_id: USERS[1].userId, client_id: HASHED.id, scope: 'user_id_read',
    access_token: 'old-access-token-2099', access_token_expires_at: '2099-01-01T00:00:00Z',
  },
];

const ndjson = (lines: unknown[]) => `${lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n')}\n`;

describe('import: users, channels, openids and grants keep their ids, hashes and secrets', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await startTestApp();
    admin = await adminToken(t);
  });
  afterAll(async () => { await t.close(); });

  const post = (body: string, query = '') => t.http().post(`/api/admin/import${query}`)
    .set('Authorization', bearer(admin)).set('Content-Type', 'application/x-ndjson').send(body);
  const counts = async () => {
    const ds = t.app.get(DataSource);
    const out: Record<string, number> = {};
    for (const table of ['users', 'clients', 'subject_overrides', 'consents', 'refresh_tokens', 'access_tokens', 'imported_tokens']) {
      out[table] = Number((await ds.query(`SELECT COUNT(*) AS n FROM ${table}`))[0].n);
    }
    return out;
  };
  const codeFor = async (username: string, password: string, url: string) => {
    const result = await loginAndAuthorize(t, { url, user: { username, password } });
    if (!result.code) throw new Error(`no code: ${result.location}`);
    return result.code;
  };
  const standardUrl = (clientId: string, scope: string) =>
    `/oauth2/authorize?${new URLSearchParams({ response_type: 'code', client_id: clientId, redirect_uri: REDIRECT, scope, state: 's' })}`;
  const redeem = (clientId: string, secret: string, code: string) => t.http().post('/oauth2/token').type('form')
    .set('Authorization', basicAuth(clientId, secret)).send({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT });
  const me = (token: string) => t.http().get('/api/v1/me').set('Authorization', `Bearer ${token}`);

  it('dry run: reports what it would do and writes nothing', async () => {
    const before = await counts();
    const res = await post(ndjson(FULL_FILE), '?dry_run=true').expect(200);
    expect(res.body).toEqual({
      dry_run: true, lines: FULL_FILE.length,
      created: { users: USERS.length + 1, channels: 2, openids: 1, grants: 2 },
      updated: { users: 0, channels: 0, openids: 0, grants: 0 }, unchanged: 0, errors: [],
    });
    expect(await counts()).toEqual(before);
  });

  it('imports a file of every line type and every password scheme; one audit event per run', async () => {
    const res = await post(ndjson(FULL_FILE)).expect(200);
    expect(res.body).toEqual({
      dry_run: false, lines: FULL_FILE.length,
      created: { users: USERS.length + 1, channels: 2, openids: 1, grants: 2 },
      updated: { users: 0, channels: 0, openids: 0, grants: 0 }, unchanged: 0, errors: [],
    });
    const audit = (await t.http().get('/api/admin/audit').query({ action: 'import.completed' }).set('Authorization', bearer(admin)).expect(200)).body.items;
    expect(audit).toHaveLength(2); // the dry run and this run
    expect(audit[0].details).toMatchObject({ dry_run: false, lines: FULL_FILE.length, errors: 0, created: res.body.created });
    // Secrets and tokens are stored only as hashes.
    const ds = t.app.get(DataSource);
    const stored = JSON.stringify(await ds.query('SELECT * FROM clients')) + JSON.stringify(await ds.query('SELECT * FROM refresh_tokens'))
      + JSON.stringify(await ds.query('SELECT * FROM access_tokens'));
    for (const secret of [CHANNEL.secret, 'old-refresh-token-never-expires', 'old-access-token-never-expires']) expect(stored).not.toContain(secret);
  });

  it('imported channels show in the admin API and console like any other', async () => {
    const list = (await t.http().get('/api/admin/clients').query({ search: 'Legacy' }).set('Authorization', bearer(admin)).expect(200)).body.items;
    expect(list.map((c: { client_id: string }) => c.client_id).sort()).toEqual([HASHED.id, CHANNEL.id].sort());
    const one = (await t.http().get(`/api/admin/clients/${CHANNEL.id}`).set('Authorization', bearer(admin)).expect(200)).body;
    expect(one).toMatchObject({ client_id: CHANNEL.id, status: 'approved', access_token_ttl: 7200, refresh_token_ttl: -1 });
  });

  it.each(USERS.map((u) => [u.name, u] as const))('signs in with the OLD password (%s), keeps user_id, and is re-hashed to argon2id', async (_name, u) => {
    const code = await codeFor(u.username, u.password, standardUrl(HASHED.id, 'user_id_read profile'));
    const tokens = (await redeem(HASHED.id, HASHED.secret, code).expect(200)).body;
    expect((await me(tokens.access_token).expect(200)).body).toMatchObject({ user_id: u.userId, username: u.username });
    const [row] = await t.app.get(DataSource).query('SELECT password_hash FROM users WHERE id = ?', [u.userId]);
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
  });

  it('a wrong password still fails for an imported user', async () => {
    await expect(codeFor(USERS[0].username, 'not-the-password', standardUrl(CHANNEL.id, 'user_id_read'))).rejects.toThrow(/login failed/);
  });

  it('the imported openid is what the channel sees: /api/v1/me, the ID Token sub, seed 002 getOpenId and seed 004 token answer', async () => {
    const u = USERS[0];
    const code = await codeFor(u.username, u.password, standardUrl(CHANNEL.id, 'openid user_id_read profile'));
    const tokens = (await redeem(CHANNEL.id, CHANNEL.secret, code).expect(200)).body;
    expect((await me(tokens.access_token).expect(200)).body).toMatchObject({ user_id: u.userId, openid: OPENID });
    const payload = JSON.parse(Buffer.from(tokens.id_token.split('.')[1], 'base64url').toString('utf8'));
    expect(payload.sub).toBe(OPENID);
    const open = (await t.http().get('/v1/oauth2/getOpenId').query({ access_token: tokens.access_token }).expect(200)).body;
    expect(open.result?.open_id ?? open.openid).toBe(OPENID);
    const code4 = await codeFor(u.username, u.password, `/oauth2/authorize?client_id=${CHANNEL.id}&response_type=code&redirect_uri=${REDIRECT}&scope=snsapi_login&state=1`);
    const answer = (await t.http().get('/oauth2/access_token')
      .query({ client_id: CHANNEL.id, client_secret: CHANNEL.secret, grant_type: 'authorization_code', redirect_uri: REDIRECT, code: code4 }).expect(200)).body;
    expect(answer.openid).toBe(OPENID);
    // Another pair stays pairwise.
    const other = await codeFor(USERS[1].username, USERS[1].password, standardUrl(CHANNEL.id, 'user_id_read'));
    const otherTokens = (await redeem(CHANNEL.id, CHANNEL.secret, other).expect(200)).body;
    expect((await me(otherTokens.access_token).expect(200)).body.openid).not.toBe(OPENID);
  });

  it('the old channel secret works through a seed dialect too: 000 /access_token → the kept user_id at /user_id', async () => {
    const u = USERS[2];
    const code = await codeFor(u.username, u.password,
      `/authorize.html?${new URLSearchParams({ channel_id: CHANNEL.id, redirect_uri: REDIRECT, response_type: 'code', scope: 'user_id_read', state: 'S' })}`);
    const res = await t.http().get('/access_token').query({ channel_id: CHANNEL.id, token: CHANNEL.secret, code, grant_type: 'authorization_code' }).expect(200);
    expect(res.body.user_id).toBe(u.userId);
    expect((await t.http().get('/user_id').query({ access_token: res.body.access_token }).expect(200)).body).toEqual({ user_id: u.userId });
    // A wrong secret is refused as for any channel.
    await t.http().get('/access_token').query({ channel_id: CHANNEL.id, token: 'wrong', code, grant_type: 'authorization_code' }).expect(401);
  });

  it('old tokens work as if issued here: the never-expiring access token, then the refresh rotates from the imported one', async () => {
    expect((await me('old-access-token-never-expires').expect(200)).body).toMatchObject({ user_id: USERS[0].userId, openid: OPENID });
    expect((await me('old-access-token-2099').expect(200)).body).toMatchObject({ user_id: USERS[1].userId });
    const rotated = await t.http().post('/oauth2/token').type('form').set('Authorization', basicAuth(CHANNEL.id, CHANNEL.secret))
      .send({ grant_type: 'refresh_token', refresh_token: 'old-refresh-token-never-expires' }).expect(200);
    expect(rotated.body.refresh_token).toEqual(expect.any(String));
    expect((await me(rotated.body.access_token).expect(200)).body.user_id).toBe(USERS[0].userId);
    // The imported refresh token was used: presenting it again is reuse.
    const reuse = await t.http().post('/oauth2/token').type('form').set('Authorization', basicAuth(CHANNEL.id, CHANNEL.secret))
      .send({ grant_type: 'refresh_token', refresh_token: 'old-refresh-token-never-expires' }).expect(400);
    expect(reuse.body.error).toBe('invalid_grant');
  });

  it('importing the same file again changes nothing, even after the re-hash and the rotation', async () => {
    const before = await counts();
    const res = await post(ndjson(FULL_FILE)).expect(200);
    expect(res.body).toEqual({
      dry_run: false, lines: FULL_FILE.length,
      created: { users: 0, channels: 0, openids: 0, grants: 0 },
      updated: { users: 0, channels: 0, openids: 0, grants: 0 }, unchanged: FULL_FILE.length, errors: [],
    });
    expect(await counts()).toEqual(before);
    // The rotated (then reused, so revoked) imported refresh token did not come back.
    await t.http().post('/oauth2/token').type('form').set('Authorization', basicAuth(CHANNEL.id, CHANNEL.secret))
      .send({ grant_type: 'refresh_token', refresh_token: 'old-refresh-token-never-expires' }).expect(400);
    // The users keep their argon2id hashes.
    const [row] = await t.app.get(DataSource).query('SELECT password_hash FROM users WHERE id = ?', [USERS[0].userId]);
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
  });

  it('a re-import can disable a user but never enables one an operator disabled after the switch', async () => {
    await t.http().patch(`/api/admin/users/${encodeURIComponent(USERS[4].userId)}`).set('Authorization', bearer(admin)).send({ disabled: true }).expect(200);
    const res = await post(ndjson([userLine(USERS[4]), { ...userLine(USERS[5]), disabled: true }])).expect(200);
    expect(res.body).toMatchObject({ updated: { users: 1 }, unchanged: 1, errors: [] });
    const rows = await t.app.get(DataSource).query('SELECT id, disabled FROM users WHERE id IN (?, ?) ORDER BY id', [USERS[4].userId, USERS[5].userId]);
    expect(rows.map((r: { disabled: unknown }) => Boolean(Number(r.disabled)))).toEqual([true, true]);
    await expect(codeFor(USERS[5].username, USERS[5].password, standardUrl(CHANNEL.id, 'user_id_read'))).rejects.toThrow(/login failed/);
  });

  it('a changed line updates; bad lines are reported with line number and field, write nothing, and the others go on', async () => {
    const before = await counts();
    const lines: unknown[] = [
      { ...userLine(USERS[3]), display_name: 'Renamed' }, // 1: updated
      { type: 'user', user_id: 'bad-hash', username: 'bad_hash_user', password_hash: 'not-a-hash' }, // 2
      { type: 'user', user_id: 'bad-scheme', username: 'bad_scheme_user', password_hash: 'ab'.repeat(16), password_scheme: 'rot13($password)' }, // 3
      { type: 'user', user_id: 'x'.repeat(65), username: 'long_id_user' }, // 4
      { type: 'user', user_id: 'clash', username: USERS[0].username.toUpperCase() }, // 5: a name another user holds, ignoring case
      { type: 'channel', client_id: 'bad id!', client_secret: 's', client_name: 'x', redirect_uris: [REDIRECT] }, // 6
      { type: 'channel', client_id: 'no-secret', client_name: 'x', redirect_uris: [REDIRECT] }, // 7
      { type: 'channel', client_id: 'bad-uri', client_secret: 's', client_name: 'x', redirect_uris: ['javascript:alert(1)'] }, // 8
      { type: 'openid', user_id: 'nobody', client_id: CHANNEL.id, openid: 'o1' }, // 9
      { type: 'openid', user_id: USERS[1].userId, client_id: CHANNEL.id, openid: OPENID }, // 10: already another user's
      { type: 'grant', user_id: USERS[1].userId, client_id: 'no-such-channel', scope: 'profile' }, // 11
      { type: 'grant', user_id: USERS[1].userId, client_id: HASHED.id, scope: 'openid' }, // 12: not a scope of the channel
      { type: 'grant', user_id: USERS[1].userId, client_id: HASHED.id, scope: 'profile', access_token: 'a', access_token_expires_at: 'tomorrow' }, // 13
      { type: 'session', id: 1 }, // 14
      { type: 'user', user_id: 'u', username: 'extra_field', password: 'plain' }, // 15
      '{"type":"user",', // 16
      '[1,2]', // 17
      '{"type":"user","__proto__":{"admin":true}}', // 18
      `${'['.repeat(40)}${']'.repeat(40)}`, // 19
      '', // 20: blank, skipped
      { type: 'channel', client_id: 'fine-new-channel', client_secret: 'fresh', client_name: 'Fine', redirect_uris: [REDIRECT] }, // 21: created
    ];
    const res = await post(ndjson(lines)).expect(200);
    expect(res.body.created).toEqual({ users: 0, channels: 1, openids: 0, grants: 0 });
    expect(res.body.updated).toEqual({ users: 1, channels: 0, openids: 0, grants: 0 });
    expect(res.body.lines).toBe(20);
    const errors = res.body.errors.map((e: { line: number; field: string | null }) => [e.line, e.field]);
    expect(errors).toEqual([
      [2, 'password_hash'], [3, 'password_scheme'], [4, 'user_id'], [5, 'username'], [6, 'client_id'], [7, 'client_secret'],
      [8, 'redirect_uris'], [9, 'user_id'], [10, 'openid'], [11, 'client_id'], [12, 'scope'], [13, 'access_token_expires_at'],
      [14, 'type'], [15, 'password'], [16, null], [17, null], [18, null], [19, null],
    ]);
    for (const e of res.body.errors) expect(e.message).toEqual(expect.any(String));
    const after = await counts();
    expect(after).toEqual({ ...before, clients: before.clients + 1 });
  });

  it('refuses a wrong content type, a missing bearer, and a second import while one runs (409)', async () => {
    const wrong = await t.http().post('/api/admin/import').set('Authorization', bearer(admin)).set('Content-Type', 'application/json').send('{}').expect(400);
    expect(JSON.stringify(wrong.body)).toContain('application/x-ndjson');
    await t.http().post('/api/admin/import').set('Content-Type', 'application/x-ndjson').send(ndjson(FULL_FILE)).expect(401);
    const ds = t.app.get(DataSource);
    await ds.getRepository(MigrationLockEntity).insert({ name: 'import', holder: 'cli:someone', expiresAt: new Date(Date.now() + 60_000) });
    try {
      expect((await post(ndjson(FULL_FILE)).expect(409)).body.message).toMatch(/another import is running/);
    } finally {
      await ds.query('DELETE FROM migration_locks');
    }
    await post(ndjson(FULL_FILE.slice(0, 1))).expect(200);
  });

  it('takes an NDJSON body far over the 64 KiB limit of other bodies (streamed)', async () => {
    const many = Array.from({ length: 1500 }, (_, i) => ({
      type: 'user', user_id: `bulk-${i}`, username: `bulk_user_${i}`, password_hash: DIGEST_HASHES[0].hash, password_scheme: DIGEST_HASHES[0].scheme,
      display_name: 'Bulk user with a longer display name to fill the body',
    }));
    const body = ndjson(many);
    expect(body.length).toBeGreaterThan(200 * 1024);
    const res = await post(body).expect(200);
    expect(res.body.created.users).toBe(1500);
    expect(res.body.errors).toEqual([]);
    // Other routes keep the ordinary limit for this content type.
    await t.http().post('/api/admin/users').set('Authorization', bearer(admin)).set('Content-Type', 'application/x-ndjson').send(body).expect(413);
  }, 240_000);

  describe('a batch of lines is written in multi-row statements, with the same outcomes as line by line', () => {
    const u = (i: number) => `batch-u${i}`;
    const userOf = (i: number, extra = {}) => ({ type: 'user', user_id: u(i), username: `batch_user_${i}`, display_name: `Batch ${i}`, ...extra });
    const grantOf = (i: number, extra = {}) => ({
      type: 'grant', user_id: u(i), client_id: CHANNEL.id, scope: 'profile', refresh_token: `batch-r${i}`, refresh_token_expires_at: null,
      access_token: `batch-a${i}`, access_token_expires_at: '2099-01-01T00:00:00Z', ...extra,
    });
    const CLEAN = [
      ...[0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((i) => userOf(i)),
      userOf(3, { disabled: true }), // the same user twice in one batch: created, then updated
      ...[0, 1, 2, 3, 4].map((i) => ({ type: 'openid', user_id: u(i), client_id: CHANNEL.id, openid: `batch-o${i}` })),
      ...[0, 1, 2, 3, 4].map((i) => grantOf(i)),
      grantOf(0, { scope: 'openid', refresh_token: undefined, refresh_token_expires_at: undefined, access_token: 'batch-a0-more' }), // same consent: updated
      grantOf(7, { refresh_token: 'batch-r1', access_token: 'batch-a7' }), // a refresh token an earlier line of the batch brought: not stored twice
      userOf(10), // a user created in the batch after the grants ...
      { type: 'openid', user_id: u(10), client_id: CHANNEL.id, openid: 'batch-o10' }, // ... and a line referring to it
    ];
    const eventsFor = async (ids: string[]) => Number((await t.app.get(DataSource).query(
      `SELECT COUNT(*) AS n FROM change_events WHERE topic = 'user' AND item IN (${ids.map(() => '?').join(', ')})`, ids))[0].n);

    it('duplicates within the batch, references to lines earlier in it; change events for what changed; a re-import changes nothing', async () => {
      const before = await counts();
      const openidUsers = [0, 1, 2, 3, 4, 10].map(u);
      const eventsBefore = await eventsFor(openidUsers);
      const res = await post(ndjson(CLEAN)).expect(200);
      expect(res.body).toEqual({
        dry_run: false, lines: CLEAN.length,
        created: { users: 11, channels: 0, openids: 6, grants: 6 },
        updated: { users: 1, channels: 0, openids: 0, grants: 1 }, unchanged: 0, errors: [],
      });
      expect(await counts()).toEqual({
        ...before, users: before.users + 11, subject_overrides: before.subject_overrides + 6, consents: before.consents + 6,
        refresh_tokens: before.refresh_tokens + 5, access_tokens: before.access_tokens + 7, imported_tokens: before.imported_tokens + 12,
      });
      const ds = t.app.get(DataSource);
      expect((await ds.query('SELECT disabled FROM users WHERE id = ?', [u(3)])).map((r: { disabled: unknown }) => Boolean(Number(r.disabled)))).toEqual([true]);
      expect((await ds.query('SELECT scope FROM consents WHERE user_id = ? AND client_id = ?', [u(0), CHANNEL.id]))[0].scope.split(' ').sort()).toEqual(['openid', 'profile']);
      expect((await me('batch-a7').expect(200)).body).toMatchObject({ username: 'batch_user_7' });
      expect((await me('batch-a4').expect(200)).body).toMatchObject({ username: 'batch_user_4', openid: 'batch-o4' });
      // Every instance's subject cache hears of every new openid.
      expect(await eventsFor(openidUsers)).toBeGreaterThanOrEqual(eventsBefore + openidUsers.length);

      const again = await post(ndjson(CLEAN)).expect(200);
      expect(again.body).toEqual({
        dry_run: false, lines: CLEAN.length, created: { users: 0, channels: 0, openids: 0, grants: 0 },
        updated: { users: 0, channels: 0, openids: 0, grants: 0 }, unchanged: CLEAN.length, errors: [],
      });
      const eventsNow = await eventsFor(openidUsers);
      expect(await counts()).toEqual({ ...before, users: before.users + 11, subject_overrides: before.subject_overrides + 6, consents: before.consents + 6,
        refresh_tokens: before.refresh_tokens + 5, access_tokens: before.access_tokens + 7, imported_tokens: before.imported_tokens + 12 });
      const dry = await post(ndjson(CLEAN), '?dry_run=true').expect(200);
      expect(dry.body).toMatchObject({ dry_run: true, unchanged: CLEAN.length, errors: [] });
      expect(await eventsFor(openidUsers)).toBe(eventsNow);
    });

    it('a line that fails in the middle of a batch (also one the database refuses in a multi-row INSERT) writes nothing; the others go on', async () => {
      // A token this server issued: the unique index refuses it within the multi-row INSERT.
      const code = await codeFor(USERS[2].username, USERS[2].password, standardUrl(HASHED.id, 'user_id_read'));
      const issued = (await redeem(HASHED.id, HASHED.secret, code).expect(200)).body.access_token as string;
      const grant = (i: number, extra = {}) => ({ type: 'grant', user_id: u(i), client_id: HASHED.id, scope: 'user_id_read', access_token: `batch-h${i}`, ...extra });
      const lines = [
        grant(0), grant(1), grant(2),
        grant(3, { user_id: 'batch-nobody' }), // 4: no such user
        grant(4), grant(5),
        grant(6, { access_token: issued }), // 7: issued here
        grant(7), grant(8),
        { type: 'openid', user_id: u(8), client_id: HASHED.id, openid: 'batch-h-o8' },
        { type: 'openid', user_id: u(9), client_id: HASHED.id, openid: 'batch-h-o8' }, // 11: that openid is u8's now
        { type: 'openid', user_id: u(9), client_id: HASHED.id, openid: 'batch-h-o9' },
      ];
      const before = await counts();
      const res = await post(ndjson(lines)).expect(200);
      expect(res.body.errors.map((e: { line: number; field: string | null }) => [e.line, e.field])).toEqual([[4, 'user_id'], [7, 'access_token'], [11, 'openid']]);
      expect(res.body.created).toEqual({ users: 0, channels: 0, openids: 2, grants: 7 });
      expect(await counts()).toEqual({ ...before, consents: before.consents + 7, access_tokens: before.access_tokens + 7,
        imported_tokens: before.imported_tokens + 7, subject_overrides: before.subject_overrides + 2 });
      expect((await me(issued).expect(200)).body).toMatchObject({ user_id: USERS[2].userId });
    });
  });
});

interface Run { code: number | null; out: string; err: string }

/** The operator command line, started as `npm run cli` does, through ts-node (no build needed). */
function cli(databaseUrl: string, args: string[]): Promise<Run> {
  return new Promise((done) => {
    const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', 'apps/gatehouse/src/cli.ts', ...args], {
      cwd: resolve(__dirname, '..', '..'),
      env: { PATH: process.env.PATH ?? '', TS_NODE_PROJECT: 'tsconfig.json', DATABASE_URL: databaseUrl, SESSION_SECRET: 'cli-test-session-secret-0123456789abcdef' },
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 170_000);
    child.on('exit', (code) => { clearTimeout(timer); done({ code, out, err }); });
  });
}

describe('import through the command line: npm run cli -- import --file F [--dry-run]', () => {
  let db: TestDatabase;
  let dir: string;
  let url: string;
  let t: TestApp | undefined;
  beforeAll(async () => {
    db = await createTestDatabase();
    dir = mkdtempSync(join(tmpdir(), 'gatehouse-import-'));
    url = db.kind === 'sqlite' ? `sqlite:${join(dir, 'gatehouse.sqlite')}` : db.url;
  });
  afterAll(async () => {
    await t?.close();
    await db.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('dry run, then the import (exit 2 with the bad line listed, progress on stderr), then a re-import that changes nothing (exit 0); the server then honours what was imported', async () => {
    const file = join(dir, 'export.ndjson');
    const good = FULL_FILE.filter((l) => l.type !== 'grant' || l.user_id !== USERS[1].userId);
    writeFileSync(file, ndjson([...good, { type: 'grant', user_id: 'ghost', client_id: CHANNEL.id, scope: 'profile' }]));

    const dry = await cli(url, ['import', '--file', file, '--dry-run']);
    expect(dry.code).toBe(2);
    const drySummary = JSON.parse(dry.out);
    expect(drySummary).toMatchObject({ dry_run: true, created: { users: USERS.length + 1, channels: 2, openids: 1, grants: 1 } });
    expect(drySummary.errors).toEqual([{ line: good.length + 1, field: 'user_id', message: expect.stringContaining('ghost') }]);

    const run = await cli(url, ['import', '--file', file]);
    expect(run.code).toBe(2);
    expect(JSON.parse(run.out)).toMatchObject({ dry_run: false, created: { users: USERS.length + 1, channels: 2, openids: 1, grants: 1 }, unchanged: 0 });
    expect(run.err).toMatch(/^import: [\d,]+ lines, [\d,]+ lines\/s, 100\.0 %, ETA 0:00, 1 with errors$/m); // counts are grouped: 1,083

    writeFileSync(file, ndjson(good));
    const again = await cli(url, ['import', '--file', file]);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.out)).toMatchObject({ created: { users: 0, channels: 0, openids: 0, grants: 0 }, unchanged: good.length, errors: [] });

    t = await startTestApp({ env: { DATABASE_URL: url } });
    // A MySQL server whose buffer pool is under 1 GB gets a note on stderr before the first line; SQLite never.
    const pool = db.kind === 'sqlite' ? Infinity : Number((await t.dataSource.query('SELECT @@innodb_buffer_pool_size AS size'))[0].size);
    const note = /^note: the database server's innodb_buffer_pool_size is \d+ MB: .*1 GB or more is advised/m;
    if (pool < 1024 ** 3) expect(run.err).toMatch(note);
    else expect(run.err).not.toMatch(/innodb_buffer_pool_size/);
    expect(Number((await t.dataSource.query('SELECT COUNT(*) AS n FROM clients'))[0].n)).toBe(2); // the dry run wrote nothing
    const me = await t.http().get('/api/v1/me').set('Authorization', 'Bearer old-access-token-never-expires').expect(200);
    expect(me.body).toMatchObject({ user_id: USERS[0].userId, openid: OPENID });
    const events = await t.dataSource.query("SELECT actor FROM audit_events WHERE action = 'import.completed'");
    expect(events).toHaveLength(3);
    for (const e of events) expect(e.actor).toMatch(/^cli:/);
  }, 600_000);

  it('a missing file is a usage error (exit 1)', async () => {
    const res = await cli(url, ['import', '--file', join(dir, 'missing.ndjson')]);
    expect(res.code).toBe(1);
    expect(res.err).toContain('missing.ndjson');
  }, 200_000);
});
