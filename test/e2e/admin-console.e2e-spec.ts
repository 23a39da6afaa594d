import supertest from 'supertest';
import { AuditLog } from '../../libs/persistence/src';
import { ClientsService } from '../../libs/clients/src';
import { UsersService } from '../../libs/accounts/src';
import { startTestApp, TestApp } from '../support/app';
import { hiddenInput } from '../support/browser-flow';
import { ADMIN, ALICE, basicAuth, createClient, createUser } from '../support/fixtures';

/** The operators' console (issue 5): sessions, CSRF, confirmations, flash messages, audit actor. */
describe('Admin console (/admin)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
    await createUser(t, { ...ADMIN, isAdmin: true });
    await createUser(t, ALICE);
  });
  afterAll(() => t.close());

  async function signIn(user: { username: string; password: string } = ADMIN, returnTo = '/admin'): Promise<supertest.Agent> {
    const agent = t.http();
    const page = await agent.get(`/admin/login?return_to=${encodeURIComponent(returnTo)}`).expect(200);
    await agent.post('/admin/login').type('form')
      .send({ username: user.username, password: user.password, _csrf: hiddenInput(page.text, '_csrf'), return_to: returnTo });
    return agent;
  }

  async function csrfOf(agent: supertest.Agent, path = '/admin'): Promise<string> {
    return hiddenInput((await agent.get(path).expect(200)).text, '_csrf');
  }

  it('sends a browser that is not signed in to the console login with return_to', async () => {
    const res = await t.http().get('/admin/pending?page=2').expect(302);
    expect(res.headers.location).toBe('/admin/login?return_to=%2Fadmin%2Fpending%3Fpage%3D2');
  });

  it('#9 signs an operator in with a 302 to return_to, on a rotated session id', async () => {
    const agent = t.http();
    const page = await agent.get('/admin/login?return_to=/admin/audit').expect(200);
    expect(page.text).toContain('<form id="admin-login-form" method="post" action="/admin/login"');
    const before = page.headers['set-cookie'][0];
    const res = await agent.post('/admin/login').type('form')
      .send({ ...ADMIN, _csrf: hiddenInput(page.text, '_csrf'), return_to: '/admin/audit' }).expect(302);
    expect(res.headers.location).toBe('/admin/audit');
    expect(res.headers['set-cookie'][0].split(';')[0]).not.toBe(before.split(';')[0]);
    const audit = await agent.get('/admin/audit');
    expect(audit.status).toBe(200);
  });

  it('#6 never sends the operator outside the console after login', async () => {
    const agent = t.http();
    const page = await agent.get('/admin/login').expect(200);
    const res = await agent.post('/admin/login').type('form')
      .send({ ...ADMIN, _csrf: hiddenInput(page.text, '_csrf'), return_to: '//evil.example/admin' }).expect(302);
    expect(res.headers.location).toBe('/admin');
  });

  it('refuses a wrong password with the generic message and a login without the CSRF token with 403', async () => {
    const agent = t.http();
    const page = await agent.get('/admin/login').expect(200);
    const bad = await agent.post('/admin/login').type('form').send({ username: ADMIN.username, password: 'nope-nope-1', _csrf: hiddenInput(page.text, '_csrf') });
    expect(bad.status).toBe(401);
    expect(bad.text).toContain('The username or password is incorrect.');
    await agent.post('/admin/login').type('form').send({ ...ADMIN }).expect(403);
  });

  it('answers 403 to a signed-in user who is not an operator', async () => {
    const agent = t.http();
    const page = await agent.get('/admin/login').expect(200);
    const res = await agent.post('/admin/login').type('form').send({ ...ALICE, _csrf: hiddenInput(page.text, '_csrf') });
    expect(res.status).toBe(403);
    // Signed in through the user login instead: still no console.
    const login = await agent.get('/login').expect(200);
    await agent.post('/login').type('form').send({ ...ALICE, _csrf: hiddenInput(login.text, '_csrf'), return_to: '/' }).expect(302);
    const denied = await agent.get('/admin');
    expect(denied.status).toBe(403);
    expect(denied.text).toContain('forbidden');
  });

  it('shows the dashboard counts and approves a pending channel one click from the queue, audited as admin:<username>', async () => {
    const pending = await createClient(t, { client_name: 'Queue Reader' }, { approve: false });
    const agent = await signIn();
    const dash = await agent.get('/admin').expect(200);
    expect(dash.text).toMatch(/class="stat-value">1<\/span><span class="stat-label">channels waiting/);
    const queue = await agent.get('/admin/pending').expect(200);
    expect(queue.text).toContain('Queue Reader');
    const res = await agent.post(`/admin/channels/${pending.clientId}/approve`).type('form')
      .send({ _csrf: hiddenInput(queue.text, '_csrf'), from: 'pending' }).expect(302);
    expect(res.headers.location).toBe('/admin/pending');
    const after = await agent.get('/admin/pending').expect(200);
    expect(after.text).toContain('Queue Reader is approved.');
    expect(after.text).not.toContain('/admin/channels/' + pending.clientId + '/approve');
    const again = await agent.get('/admin/pending').expect(200);
    expect(again.text).not.toContain('is approved.'); // a flash is shown once
    const { items } = await t.app.get(AuditLog).query({ action: 'client.approved', targetId: pending.clientId });
    expect(items[0].actor).toBe('admin:admin');
  });

  it('refuses a console POST without the CSRF token (403) and changes nothing', async () => {
    const pending = await createClient(t, {}, { approve: false });
    const agent = await signIn();
    await agent.post(`/admin/channels/${pending.clientId}/approve`).type('form').send({}).expect(403);
    expect((await t.app.get(ClientsService).get(pending.clientId)).status).toBe('pending');
  });

  it('rejects only with a reason and the confirmation box', async () => {
    const pending = await createClient(t, {}, { approve: false });
    const agent = await signIn();
    const csrf = await csrfOf(agent);
    await agent.post(`/admin/channels/${pending.clientId}/reject`).type('form').send({ _csrf: csrf, confirm: 'yes', reason: '' }).expect(302);
    expect((await agent.get(`/admin/channels/${pending.clientId}`)).text).toContain('a reason is required');
    await agent.post(`/admin/channels/${pending.clientId}/reject`).type('form').send({ _csrf: csrf, reason: 'spam' }).expect(302);
    expect((await agent.get(`/admin/channels/${pending.clientId}`)).text).toContain('tick the confirmation box first');
    expect((await t.app.get(ClientsService).get(pending.clientId)).status).toBe('pending');
    await agent.post(`/admin/channels/${pending.clientId}/reject`).type('form').send({ _csrf: csrf, reason: 'spam', confirm: 'yes' }).expect(302);
    const page = await agent.get(`/admin/channels/${pending.clientId}`).expect(200);
    expect(page.text).toContain('spam');
    expect((await t.app.get(ClientsService).get(pending.clientId)).status).toBe('rejected');
    // An illegal transition is reported, not a 500.
    await agent.post(`/admin/channels/${pending.clientId}/approve`).type('form').send({ _csrf: csrf }).expect(302);
    expect((await agent.get(`/admin/channels/${pending.clientId}`)).text).toContain('Nothing was done');
  });

  it('rotates a secret and shows the new one exactly once; the old one stops working', async () => {
    const client = await createClient(t);
    const agent = await signIn();
    const csrf = await csrfOf(agent);
    await agent.post(`/admin/channels/${client.clientId}/secret`).type('form').send({ _csrf: csrf, confirm: 'yes' }).expect(302);
    const page = await agent.get(`/admin/channels/${client.clientId}`).expect(200);
    const secret = hiddenInputish(page.text);
    expect(secret).toMatch(/^[A-Za-z0-9_-]{30,}$/);
    expect((await agent.get(`/admin/channels/${client.clientId}`)).text).not.toContain(secret);
    const sessions = await t.dataSource.query('SELECT data FROM sessions');
    expect(JSON.stringify(sessions)).not.toContain(secret);
    const token = (secretValue: string) => t.http().post('/oauth2/token').set('Authorization', basicAuth(client.clientId, secretValue))
      .type('form').send({ grant_type: 'client_credentials', scope: 'user_id_read' });
    expect((await token(client.clientSecret as string)).status).toBe(401);
    expect((await token(secret)).status).toBe(200);
  });

  it('edits redirect URIs and lifetimes, and reports a bad value instead of failing', async () => {
    const client = await createClient(t);
    const agent = await signIn();
    const csrf = await csrfOf(agent);
    const form = { _csrf: csrf, client_name: 'Edited', redirect_uris: 'https://app.example/cb\nhttps://app.example/cb2', scope: 'profile', access_token_ttl: '120', refresh_token_ttl: '', code_ttl: '30' };
    await agent.post(`/admin/channels/${client.clientId}/edit`).type('form').send(form).expect(302);
    const saved = await t.app.get(ClientsService).get(client.clientId);
    expect(saved).toMatchObject({ client_name: 'Edited', redirect_uris: ['https://app.example/cb', 'https://app.example/cb2'], scope: 'profile', access_token_ttl: 120, refresh_token_ttl: null, code_ttl: 30 });
    await agent.post(`/admin/channels/${client.clientId}/edit`).type('form').send({ ...form, redirect_uris: 'http://evil.example/cb', access_token_ttl: 'soon' }).expect(302);
    expect((await agent.get(`/admin/channels/${client.clientId}`)).text).toContain('Nothing was done');
    expect((await t.app.get(ClientsService).get(client.clientId)).redirect_uris).toHaveLength(2);
  });

  it('creates, disables and re-enables a user; an operator cannot disable themselves', async () => {
    const agent = await signIn();
    const csrf = await csrfOf(agent, '/admin/users');
    const created = await agent.post('/admin/users').type('form').send({ _csrf: csrf, username: 'carol', password: 'carol-password-1', display_name: 'Carol' }).expect(302);
    const userPath = created.headers.location as string;
    expect(userPath).toMatch(/^\/admin\/users\/[0-9a-f-]{36}$/);
    await agent.post(`${userPath}/disable`).type('form').send({ _csrf: csrf, confirm: 'yes' }).expect(302);
    expect((await agent.get(userPath)).text).toContain('carol is disabled');
    const search = await agent.get('/admin/users?q=caro').expect(200);
    expect(search.text).toContain('Carol');
    await agent.post(`${userPath}/enable`).type('form').send({ _csrf: csrf }).expect(302);
    const adminId = (await t.app.get(AuditLog).query({ action: 'admin.console_login' })).items[0].target_id;
    await agent.post(`/admin/users/${adminId}/disable`).type('form').send({ _csrf: csrf, confirm: 'yes' }).expect(302);
    expect((await agent.get(`/admin/users/${adminId}`)).text).toContain('cannot disable your own account');
  });

  it('edits a user\'s attributes as JSON (CSRF, both languages), reports bad JSON or shapes, and clears them', async () => {
    const agent = await signIn();
    const csrf = await csrfOf(agent, '/admin/users');
    const created = await agent.post('/admin/users').type('form').send({ _csrf: csrf, username: 'attr-user', password: 'attr-password-1' }).expect(302);
    const userPath = created.headers.location as string;
    const users = t.app.get(UsersService);
    const id = userPath.split('/').pop() as string;
    const page = await agent.get(userPath).expect(200);
    expect(page.text).toContain('id="attributes-form"');
    expect(page.text).toContain('No attributes.');
    await agent.post(`${userPath}/attributes`).type('form').send({ attributes: '{"seller_name":"x"}' }).expect(403);
    await agent.post(`${userPath}/attributes`).type('form').send({ _csrf: csrf, attributes: '{"seller_name": "倍升互聯(北京)科技有限公司", "tier": "gold"}' }).expect(302);
    expect((await users.getById(id)).attributes).toEqual({ seller_name: '倍升互聯(北京)科技有限公司', tier: 'gold' });
    const shown = await agent.get(userPath).expect(200);
    expect(shown.text).toContain('The attributes of attr-user were saved.');
    expect(shown.text).toContain('<code>seller_name</code></dt><dd>倍升互聯(北京)科技有限公司</dd>');
    const zh = await agent.get(`${userPath}?lang=zh-CN`).expect(200);
    expect(zh.text).toContain('属性（JSON）');
    expect(zh.text).toContain('保存属性');
    await agent.get(`${userPath}?lang=en`).expect(200);
    for (const [bad, message] of [['{"seller_name": ', 'attributes: is not valid JSON'], ['{"nested": {"a": "b"}}', 'attributes.nested: must be a string'], ['["a"]', 'attributes: must be a JSON object']]) {
      await agent.post(`${userPath}/attributes`).type('form').send({ _csrf: csrf, attributes: bad }).expect(302);
      const after = await agent.get(userPath).expect(200);
      expect(after.text).toContain('Nothing was done');
      expect(after.text).toContain(message);
    }
    expect((await users.getById(id)).attributes).toEqual({ seller_name: '倍升互聯(北京)科技有限公司', tier: 'gold' });
    await agent.post(`${userPath}/attributes`).type('form').send({ _csrf: csrf, attributes: '  ' }).expect(302);
    expect((await users.getById(id)).attributes).toEqual({});
  });

  it('filters and pages the audit log by cursor; a bad date is reported; unknown ids are 404 pages', async () => {
    const agent = await signIn();
    const page = await agent.get('/admin/audit?action=admin.console_login&actor=admin:admin').expect(200);
    expect(page.text).toContain('admin.console_login');
    expect(page.text).not.toContain('<code>client.approved</code>');
    const bad = await agent.get('/admin/audit?since=yesterday').expect(200);
    expect(bad.text).toContain('Not a date, so not applied: since');
    await agent.get('/admin/audit?cursor=abc&since[]=x').expect(200);
    await agent.get('/admin/channels/nope').expect(404);
    await agent.get(`/admin/users/${'x'.repeat(500)}`).expect(404);
  });

  it('speaks Simplified Chinese from Accept-Language and remembers ?lang= in a cookie', async () => {
    const agent = await signIn();
    const zh = await agent.get('/admin/pending').set('Accept-Language', 'zh-CN,zh;q=0.9,en;q=0.5').expect(200);
    expect(zh.text).toContain('<html lang="zh-CN">');
    expect(zh.text).toContain('待审核渠道');
    const switched = await agent.get('/admin?lang=en').set('Accept-Language', 'zh-CN').expect(200);
    expect(switched.text).toContain('<html lang="en">');
    expect(String(switched.headers['set-cookie'])).toMatch(/gh_lang=en/);
    const remembered = await agent.get('/admin').set('Accept-Language', 'zh-CN').expect(200);
    expect(remembered.text).toContain('Dashboard');
  });

  it('#10 sends the strict page headers on console pages and a 302 after logout', async () => {
    const agent = await signIn();
    const page = await agent.get('/admin').expect(200);
    expect(page.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['x-frame-options']).toBe('DENY');
    expect(page.text).not.toMatch(/<script|style=/i);
    const out = await agent.post('/admin/logout').type('form').send({ _csrf: hiddenInput(page.text, '_csrf') }).expect(302);
    expect(out.headers.location).toBe('/admin/login?signed_out=1');
    await agent.get('/admin').expect(302);
  });
});

/** The one-time secret is shown in a read-only text input. */
function hiddenInputish(html: string): string {
  return html.match(/id="new-secret" class="secret-value" type="text" readonly value="([^"]+)"/)?.[1] ?? '';
}
