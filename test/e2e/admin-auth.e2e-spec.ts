import { UsersService } from '../../libs/accounts/src';
import { AuditLog, SessionEntity } from '../../libs/persistence/src';
import { startTestApp, TestApp } from '../support/app';
import { adminToken, bearer } from '../support/admin';
import { ADMIN, ALICE, createUser } from '../support/fixtures';

const OPERATOR2 = { username: 'operator2', password: 'operator2-password' };

describe('admin API authentication', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { THROTTLE_LOGIN_PER_ACCOUNT: '3', THROTTLE_LOGIN_PER_ADDRESS: '1000', TRUST_PROXY: '127.0.0.1' } });
    await t.app.get(UsersService).create({ ...ADMIN, isAdmin: true }, { actor: 'test' });
    await createUser(t, ALICE);
  });
  afterAll(async () => { await t.close(); });

  const login = (body: object, ip = '198.51.100.1') => t.http().post('/api/admin/session').set('X-Forwarded-For', ip).send(body);
  const clients = (authorization?: string) => {
    const req = t.http().get('/api/admin/clients');
    return authorization ? req.set('Authorization', authorization) : req;
  };

  it('POST /api/admin/session returns a bearer token (no-store) that opens the admin API', async () => {
    const res = await login(ADMIN).expect(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body).toEqual({ access_token: expect.stringMatching(/^ghadm_[A-Za-z0-9_-]{43}$/), token_type: 'Bearer', expires_in: t.config.session.ttlSeconds });
    await clients(bearer(res.body.access_token)).expect(200);
    const stored = await t.dataSource.getRepository(SessionEntity).find({ where: { kind: 'admin_api' } });
    expect(JSON.stringify(stored)).not.toContain(res.body.access_token);
  });

  it('records the login in the audit log as admin:<username> with the address', async () => {
    await login(ADMIN, '198.51.100.77').expect(200);
    const { items } = await t.app.get(AuditLog).query({ action: 'admin.login', actor: 'admin:admin' });
    expect(items[0]).toMatchObject({ ip: '198.51.100.77', target_type: 'user' });
  });

  it('answers a wrong password and an unknown user with the same generic 401', async () => {
    const wrong = await login({ username: OPERATOR2.username, password: 'wrong-password-1' }).expect(401);
    const unknown = await login({ username: 'nobody-here', password: 'whatever-123' }).expect(401);
    expect(wrong.body.error).toBe('unauthorized');
    expect(wrong.body.error_description).toBe('Invalid username or password');
    expect(unknown.body.error_description).toBe(wrong.body.error_description);
  });

  it('refuses a non-admin with valid credentials (403) and never issues it a token', async () => {
    const res = await login({ username: ALICE.username, password: ALICE.password }).expect(403);
    expect(res.body.error).toBe('forbidden');
    expect(res.body).not.toHaveProperty('access_token');
  });

  it('validates the login body', async () => {
    const res = await login({ username: 'admin' }).expect(400);
    expect(res.body.error).toBe('invalid_request');
    expect(res.body.message).toEqual(expect.arrayContaining(['password must be a string']));
    await login({ ...ADMIN, remember: true }).expect(400);
  });

  it('401 with WWW-Authenticate without a token, with a malformed one and with an unknown one', async () => {
    const none = await clients().expect(401);
    expect(none.body.error).toBe('unauthorized');
    expect(none.headers['www-authenticate']).toBe('Bearer realm="gatehouse-admin"');
    const unknown = await clients('Bearer ghadm_forged-token').expect(401);
    expect(unknown.headers['www-authenticate']).toBe('Bearer realm="gatehouse-admin", error="invalid_token"');
    await clients('Basic YWRtaW46YWRtaW4tcGFzc3dvcmQtMQ==').expect(401);
    await clients('Bearer').expect(401);
    await t.http().get(`/api/admin/clients?access_token=${(await login(ADMIN)).body.access_token}`).expect(401);
  });

  it('guards every admin route, including logout', async () => {
    for (const [method, path] of [
      ['get', '/api/admin/clients'], ['get', '/api/admin/clients/abc'], ['patch', '/api/admin/clients/abc'],
      ['post', '/api/admin/clients/abc/approve'], ['post', '/api/admin/clients/abc/reject'], ['post', '/api/admin/clients/abc/suspend'],
      ['post', '/api/admin/clients/abc/reactivate'], ['post', '/api/admin/clients/abc/secret'], ['post', '/api/admin/users'],
      ['get', '/api/admin/users'], ['get', '/api/admin/users/abc'], ['patch', '/api/admin/users/abc'], ['get', '/api/admin/scopes'],
      ['post', '/api/admin/scopes'], ['get', '/api/admin/audit'], ['delete', '/api/admin/session'],
    ] as const) {
      const res = await t.http()[method](path).send({});
      expect([method, path, res.status]).toEqual([method, path, 401]);
    }
  });

  it('an expired session token is refused', async () => {
    const token = (await login(ADMIN).expect(200)).body.access_token;
    await t.dataSource.getRepository(SessionEntity).update({ kind: 'admin_api' }, { expiresAt: new Date(Date.now() - 1000) });
    await clients(bearer(token)).expect(401);
  });

  it('403 once the caller is no longer an admin; 401 once the account is disabled', async () => {
    const users = t.app.get(UsersService);
    const op = await users.create({ ...OPERATOR2, isAdmin: true }, { actor: 'test' });
    const token = await adminToken(t, OPERATOR2);
    await clients(bearer(token)).expect(200);
    await users.update(op.id, { isAdmin: false }, { actor: 'test' });
    const demoted = await clients(bearer(token)).expect(403);
    expect(demoted.body.error).toBe('forbidden');
    await users.update(op.id, { isAdmin: true }, { actor: 'test' });
    await clients(bearer(token)).expect(200);
    await users.update(op.id, { disabled: true }, { actor: 'test' });
    await clients(bearer(token)).expect(401);
    await login(OPERATOR2).expect(401);
    await users.update(op.id, { disabled: false }, { actor: 'test' });
    await login(OPERATOR2).expect(200);
  });

  it('DELETE /api/admin/session logs out: the token stops working and the logout is audited', async () => {
    const token = (await login(ADMIN).expect(200)).body.access_token;
    await t.http().delete('/api/admin/session').set('Authorization', bearer(token)).expect(204);
    await clients(bearer(token)).expect(401);
    const { items } = await t.app.get(AuditLog).query({ action: 'admin.logout' });
    expect(items[0]).toMatchObject({ actor: 'admin:admin', ip: '127.0.0.1' });
  });

  it('locks an account after THROTTLE_LOGIN_PER_ACCOUNT failures: 429 even with the right password; other accounts unaffected', async () => {
    const users = t.app.get(UsersService);
    const victim = { username: 'locked-admin', password: 'locked-admin-password' };
    await users.create({ ...victim, isAdmin: true }, { actor: 'test' });
    for (let i = 0; i < 3; i++) await login({ ...victim, password: `wrong-${i}-password` }, `192.0.2.${i + 1}`).expect(401);
    const locked = await login(victim, '192.0.2.99').expect(429);
    expect(locked.body.error).toBe('too_many_requests');
    expect(locked.body.error_description).toBe('Too many failed login attempts; try again later');
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    await login(ADMIN, '192.0.2.99').expect(200);
  });
});

describe('admin login throttling per address', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({
      env: { THROTTLE_LOGIN_PER_ACCOUNT: '100', THROTTLE_LOGIN_PER_ADDRESS: '3', THROTTLE_LOGIN_PER_ADDRESS_WINDOW: '2', TRUST_PROXY: '127.0.0.1' },
    });
    await t.app.get(UsersService).create({ ...ADMIN, isAdmin: true }, { actor: 'test' });
  });
  afterAll(async () => { await t.close(); });

  const login = (body: object, ip: string) => t.http().post('/api/admin/session').set('X-Forwarded-For', ip).send(body);

  it('blocks an address after THROTTLE_LOGIN_PER_ADDRESS failures across accounts, until the window passes', async () => {
    for (const username of ['a-user', 'b-user', 'c-user']) await login({ username, password: 'wrong-password' }, '203.0.113.50').expect(401);
    await login(ADMIN, '203.0.113.50').expect(429);
    await login(ADMIN, '203.0.113.51').expect(200);
    await new Promise((r) => setTimeout(r, 2100));
    await login(ADMIN, '203.0.113.50').expect(200);
  });

  it('successful logins never count', async () => {
    for (let i = 0; i < 5; i++) await login(ADMIN, '203.0.113.60').expect(200);
  });
});
