import { UsersService } from '../../libs/accounts/src';
import { AccountEvents, SessionStore } from '../../libs/accounts/src';
import { UserEntity } from '../../libs/persistence/src';
import { startTestApp, TestApp } from '../support/app';
import { adminToken, bearer } from '../support/admin';

describe('admin API: users', () => {
  let t: TestApp;
  let auth: string;
  beforeAll(async () => {
    t = await startTestApp();
    auth = bearer(await adminToken(t));
  });
  afterAll(async () => { await t.close(); });

  const admin = {
    get: (path: string) => t.http().get(`/api/admin${path}`).set('Authorization', auth),
    post: (path: string, body: object) => t.http().post(`/api/admin${path}`).set('Authorization', auth).send(body),
    patch: (path: string, body: object) => t.http().patch(`/api/admin${path}`).set('Authorization', auth).send(body),
  };
  const create = (body: object) => admin.post('/users', body);
  const auditOf = async (id: string) => (await admin.get(`/audit?target_id=${id}`).expect(200)).body.items;

  it('POST /api/admin/users creates a user (201) without exposing the password hash; the password is argon2id', async () => {
    const res = await create({ username: 'carol', password: 'carol-password-1', display_name: 'Carol Chen' }).expect(201);
    expect(res.body).toEqual({
      id: expect.any(String), username: 'carol', display_name: 'Carol Chen', is_admin: false, disabled: false, attributes: {}, created_at: expect.any(String),
    });
    const row = await t.dataSource.getRepository(UserEntity).findOneByOrFail({ id: res.body.id });
    expect(row.passwordHash).toMatch(/^\$argon2id\$/);
    const [event] = await auditOf(res.body.id);
    expect(event).toMatchObject({ actor: 'admin:admin', action: 'user.created', target_type: 'user', ip: '127.0.0.1' });
    expect(await t.app.get(UsersService).verifyCredentials('carol', 'carol-password-1')).toMatchObject({ id: res.body.id });
  });

  it('creates an operator with is_admin', async () => {
    const res = await create({ username: 'ops-dave', password: 'dave-password-1', is_admin: true }).expect(201);
    expect(res.body.is_admin).toBe(true);
    await adminToken(t, { username: 'ops-dave', password: 'dave-password-1' });
  });

  it('409 on a duplicate username, also when only the case differs (same on SQLite and MySQL)', async () => {
    await create({ username: 'erin', password: 'erin-password-1' }).expect(201);
    const dup = await create({ username: 'erin', password: 'another-password' }).expect(409);
    expect(dup.body.error).toBe('conflict');
    expect(dup.body.error_description).toBe('username "erin" is already taken');
    await create({ username: 'ERIN', password: 'another-password' }).expect(409);
  });

  it('matches usernames exactly at login', async () => {
    await create({ username: 'Frank', password: 'frank-password-1' }).expect(201);
    const users = t.app.get(UsersService);
    expect(await users.verifyCredentials('Frank', 'frank-password-1')).not.toBeNull();
    expect(await users.verifyCredentials('frank', 'frank-password-1')).toBeNull();
    expect(await users.verifyCredentials('Frank ', 'frank-password-1')).toBeNull();
  });

  it.each([
    [{ username: 'ab', password: 'long-enough-1' }, 'username must be 3-64 characters'],
    [{ username: 'has space', password: 'long-enough-1' }, 'username must be 3-64 characters'],
    [{ username: 'gina', password: 'short' }, 'password must be longer than or equal to 8 characters'],
    [{ username: 'gina', password: 'p'.repeat(257) }, 'password must be shorter than or equal to 256 characters'],
    [{ username: 'gina' }, 'password must be a string'],
    [{ username: 'gina', password: 'long-enough-1', display_name: 'd'.repeat(129) }, 'display_name must be shorter than or equal to 128 characters'],
    [{ username: 'gina', password: 'long-enough-1', is_admin: 'yes' }, 'is_admin must be a boolean value'],
    [{ username: 'gina', password: 'long-enough-1', role: 'admin' }, 'property role should not exist'],
  ].map(([body, message]) => [message as string, body as object]))('400 naming the field: "%s"', async (message, body) => {
    const res = await create(body).expect(400);
    expect(res.body.error).toBe('invalid_request');
    expect(res.body.message).toEqual(expect.arrayContaining([expect.stringContaining(message)]));
  });

  it('GET /api/admin/users searches by username or display name, with literal wildcards and paging', async () => {
    await create({ username: 'search_one', password: 'search-password', display_name: 'Hilda' }).expect(201);
    await create({ username: 'searchXtwo', password: 'search-password' }).expect(201);
    const underscore = await admin.get('/users?search=search_').expect(200);
    expect(underscore.body.items.map((u: { username: string }) => u.username)).toEqual(['search_one']);
    const byName = await admin.get('/users?search=hild').expect(200);
    expect(byName.body.items.map((u: { username: string }) => u.username)).toEqual(['search_one']);
    const page = await admin.get('/users?search=search&limit=1&offset=1').expect(200);
    expect(page.body).toMatchObject({ total: 2, limit: 1, offset: 1 });
    expect(page.body.items).toHaveLength(1);
    await admin.get('/users?limit=500').expect(400);
    await admin.get('/users?role=admin').expect(400);
  });

  it('GET /api/admin/users/{id}: 200, or 404', async () => {
    const { body } = await create({ username: 'ivan', password: 'ivan-password-1' }).expect(201);
    expect((await admin.get(`/users/${body.id}`).expect(200)).body.username).toBe('ivan');
    expect((await admin.get('/users/00000000-0000-0000-0000-000000000000').expect(404)).body.error).toBe('not_found');
    await admin.get(`/users/${'x'.repeat(300)}`).expect(404);
    await admin.patch('/users/00000000-0000-0000-0000-000000000000', { disabled: true }).expect(404);
  });

  it('disables a user: login fails, sessions end, token revocation is signalled; enabling restores login', async () => {
    const { body: user } = await create({ username: 'judy', password: 'judy-password-1' }).expect(201);
    const signalled: string[] = [];
    t.app.get(AccountEvents).onCredentialsChanged((id) => { signalled.push(id); });
    const sessions = t.app.get(SessionStore);
    const { sid } = await sessions.create('browser', 3600, user.id);
    const res = await admin.patch(`/users/${user.id}`, { disabled: true }).expect(200);
    expect(res.body.disabled).toBe(true);
    expect(await t.app.get(UsersService).verifyCredentials('judy', 'judy-password-1')).toBeNull();
    expect(await sessions.find(sid, 'browser')).toBeNull();
    expect(signalled).toContain(user.id);
    const [event] = await auditOf(user.id);
    expect(event).toMatchObject({ actor: 'admin:admin', action: 'user.disabled', ip: '127.0.0.1' });
    await admin.patch(`/users/${user.id}`, { disabled: false }).expect(200);
    expect(await t.app.get(UsersService).verifyCredentials('judy', 'judy-password-1')).not.toBeNull();
    expect((await auditOf(user.id))[0].action).toBe('user.enabled');
  });

  it('resets a password: the old one stops working, the new one works, audited as user.password_reset', async () => {
    const { body: user } = await create({ username: 'ken', password: 'ken-password-old' }).expect(201);
    await admin.patch(`/users/${user.id}`, { password: 'ken-password-new' }).expect(200);
    const users = t.app.get(UsersService);
    expect(await users.verifyCredentials('ken', 'ken-password-old')).toBeNull();
    expect(await users.verifyCredentials('ken', 'ken-password-new')).not.toBeNull();
    const [event] = await auditOf(user.id);
    expect(event).toMatchObject({ action: 'user.password_reset', details: { field: 'password' } });
    expect(JSON.stringify(await auditOf(user.id))).not.toContain('ken-password-new');
  });

  it('edits the display name and the admin role; refuses bad values', async () => {
    const { body: user } = await create({ username: 'lena', password: 'lena-password-1', display_name: 'Lena' }).expect(201);
    const res = await admin.patch(`/users/${user.id}`, { display_name: 'Lena K.', is_admin: true }).expect(200);
    expect(res.body).toMatchObject({ display_name: 'Lena K.', is_admin: true });
    expect((await auditOf(user.id)).map((e: { action: string }) => e.action)).toEqual(expect.arrayContaining(['user.updated', 'user.admin_granted']));
    expect((await admin.patch(`/users/${user.id}`, { display_name: null }).expect(200)).body.display_name).toBeNull();
    for (const body of [{ password: 'short' }, { disabled: 'yes' }, { disabled: null }, { is_admin: 1 }, { username: 'renamed' }]) {
      const bad = await admin.patch(`/users/${user.id}`, body);
      expect([body, bad.status, bad.body.error]).toEqual([body, 400, 'invalid_request']);
    }
  });

  describe('attributes', () => {
    it('sets, shows, replaces and clears a flat object of strings; stored as JSON text, NULL when none; audited', async () => {
      const { body: user } = await create({ username: 'mona', password: 'mona-password-1' }).expect(201);
      const attributes = { seller_name: '倍升互聯(北京)科技有限公司', tier: 'gold' };
      const res = await admin.patch(`/users/${user.id}`, { attributes }).expect(200);
      expect(res.body).toEqual({ ...user, attributes });
      expect((await admin.get(`/users/${user.id}`).expect(200)).body.attributes).toEqual(attributes);
      expect((await admin.get('/users?search=mona').expect(200)).body.items[0].attributes).toEqual(attributes);
      const raw = await t.dataSource.query('SELECT attributes FROM users WHERE id = ?', [user.id]);
      expect(JSON.parse(raw[0].attributes)).toEqual(attributes);
      const [event] = await auditOf(user.id);
      expect(event).toMatchObject({ action: 'user.updated', details: { field: 'attributes' } });

      const replaced = await admin.patch(`/users/${user.id}`, { attributes: { tier: 'silver' } }).expect(200);
      expect(replaced.body.attributes).toEqual({ tier: 'silver' });
      expect((await admin.patch(`/users/${user.id}`, { attributes: null }).expect(200)).body.attributes).toEqual({});
      expect((await t.dataSource.query('SELECT attributes FROM users WHERE id = ?', [user.id]))[0].attributes).toBeNull();
      await admin.patch(`/users/${user.id}`, { attributes: { tier: 'gold' } }).expect(200);
      expect((await admin.patch(`/users/${user.id}`, { attributes: {} }).expect(200)).body.attributes).toEqual({});
    });

    it('accepts attributes at creation', async () => {
      const res = await create({ username: 'nora', password: 'nora-password-1', attributes: { seller_name: 'Nora Ltd.' } }).expect(201);
      expect(res.body.attributes).toEqual({ seller_name: 'Nora Ltd.' });
    });

    it('does not audit a PATCH that changes nothing', async () => {
      const { body: user } = await create({ username: 'olga', password: 'olga-password-1', attributes: { a: '1', b: '2' } }).expect(201);
      const before = (await auditOf(user.id)).length;
      await admin.patch(`/users/${user.id}`, { attributes: { b: '2', a: '1' } }).expect(200);
      expect((await auditOf(user.id)).length).toBe(before);
    });

    it.each([
      ['a string', 'seller', 'attributes: must be a JSON object of string values (or null to clear)'],
      ['an array', ['seller'], 'attributes: must be a JSON object of string values (or null to clear)'],
      ['a number value', { seller_name: 7 }, 'attributes.seller_name: must be a string'],
      ['a boolean value', { vip: true }, 'attributes.vip: must be a string'],
      ['a null value', { vip: null }, 'attributes.vip: must be a string'],
      ['a nested object', { address: { city: 'Beijing' } }, 'attributes.address: must be a string (attributes are flat: no nested objects or arrays)'],
      ['a nested array', { tags: ['a'] }, 'attributes.tags: must be a string (attributes are flat: no nested objects or arrays)'],
      ['more than 4 KB', { blob: 'x'.repeat(4100) }, 'attributes: must be at most 4096 bytes when serialised as JSON (got 4111)'],
      ['more than 4 KB of UTF-8', { blob: '名'.repeat(1400) }, 'attributes: must be at most 4096 bytes when serialised as JSON (got 4211)'],
    ])('400 naming the field for %s, and changes nothing', async (_name, attributes, message) => {
      const { body: user } = await create({ username: `bad-${Math.random().toString(36).slice(2, 10)}`, password: 'bad-password-1', attributes: { kept: 'yes' } }).expect(201);
      const res = await admin.patch(`/users/${user.id}`, { attributes }).expect(400);
      expect(res.body).toMatchObject({ error: 'invalid_request', message: [message], details: { field: expect.stringMatching(/^attributes/) } });
      expect((await admin.get(`/users/${user.id}`).expect(200)).body.attributes).toEqual({ kept: 'yes' });
    });
  });
});
