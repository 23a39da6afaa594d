import { ClientAuthenticator, ClientEvents } from '../../libs/clients/src';
import { startTestApp, TestApp } from '../support/app';
import { adminToken, bearer } from '../support/admin';
import { basicAuth } from '../support/fixtures';

describe('admin API: channels', () => {
  let t: TestApp;
  let auth: string;
  beforeAll(async () => {
    t = await startTestApp({ env: { THROTTLE_REGISTRATION: '10000', THROTTLE_CLIENT_AUTH: '1000' } });
    auth = bearer(await adminToken(t));
  });
  afterAll(async () => { await t.close(); });

  const register = async (body: object = {}) => {
    const res = await t.http().post('/api/v1/clients').send({ client_name: 'Acme Reader', redirect_uris: ['https://acme.example/cb'], ...body }).expect(201);
    return res.body as { client_id: string; client_secret: string };
  };
  const admin = {
    get: (path: string) => t.http().get(`/api/admin${path}`).set('Authorization', auth),
    post: (path: string, body?: object) => t.http().post(`/api/admin${path}`).set('Authorization', auth).send(body),
    patch: (path: string, body: object) => t.http().patch(`/api/admin${path}`).set('Authorization', auth).send(body),
  };
  const auditOf = async (clientId: string) => (await admin.get(`/audit?target_id=${clientId}`).expect(200)).body.items;
  const authenticate = (clientId: string, secret: string) =>
    t.app.get(ClientAuthenticator).authenticate({ authorization: basicAuth(clientId, secret), body: {}, ip: '192.0.2.1' });

  it('lists the pending queue and shows a channel with its status history', async () => {
    const { client_id, client_secret } = await register({ client_name: 'Queue Me' });
    const list = await admin.get('/clients?status=pending').expect(200);
    expect(list.body).toMatchObject({ limit: 50, offset: 0 });
    expect(list.body.items.map((c: { client_id: string }) => c.client_id)).toContain(client_id);
    expect(list.body.items.every((c: { status: string }) => c.status === 'pending')).toBe(true);
    expect(list.body.items[0]).not.toHaveProperty('secret_hash');
    const detail = await admin.get(`/clients/${client_id}`).expect(200);
    expect(detail.body).toMatchObject({ client_id, client_name: 'Queue Me', status: 'pending' });
    expect(detail.body.status_history).toEqual([{ from: null, to: 'pending', actor: 'anonymous', reason: null, at: expect.any(String) }]);
    expect(JSON.stringify(detail.body)).not.toContain(client_secret);
    expect(detail.body).not.toHaveProperty('client_secret');
    expect(detail.body).not.toHaveProperty('secret_hash');
  });

  it('approve → 200 with the channel; the history, the audit trail and client authentication follow', async () => {
    const { client_id, client_secret } = await register();
    await expect(authenticate(client_id, client_secret)).rejects.toMatchObject({ error: 'invalid_client' });
    const res = await admin.post(`/clients/${client_id}/approve`, { note: 'developer verified' }).expect(200);
    expect(res.body).toMatchObject({ client_id, status: 'approved' });
    await expect(authenticate(client_id, client_secret)).resolves.toMatchObject({ client: { clientId: client_id } });
    const detail = await admin.get(`/clients/${client_id}`).expect(200);
    expect(detail.body.status_history[1]).toMatchObject({ from: 'pending', to: 'approved', actor: 'admin:admin', reason: 'developer verified' });
    const [event] = await auditOf(client_id);
    expect(event).toMatchObject({ actor: 'admin:admin', action: 'client.approved', target_type: 'client', reason: 'developer verified', ip: '127.0.0.1', details: { from: 'pending', to: 'approved' } });
  });

  it('approve without a body works (the note is optional)', async () => {
    const { client_id } = await register();
    await t.http().post(`/api/admin/clients/${client_id}/approve`).set('Authorization', auth).expect(200);
  });

  it('reject needs a reason; a rejected channel cannot be approved (409 naming the state)', async () => {
    const { client_id } = await register();
    const missing = await admin.post(`/clients/${client_id}/reject`, {}).expect(400);
    expect(missing.body.error).toBe('invalid_request');
    expect(missing.body.message).toEqual(expect.arrayContaining(['reason should not be empty']));
    await admin.post(`/clients/${client_id}/reject`, { reason: '   ' }).expect(400);
    const res = await admin.post(`/clients/${client_id}/reject`, { reason: 'unrelated redirect URI' }).expect(200);
    expect(res.body.status).toBe('rejected');
    const conflict = await admin.post(`/clients/${client_id}/approve`, {}).expect(409);
    expect(conflict.body.error).toBe('conflict');
    expect(conflict.body.error_description).toContain('it is rejected');
    const [event] = await auditOf(client_id);
    expect(event).toMatchObject({ actor: 'admin:admin', action: 'client.rejected', reason: 'unrelated redirect URI', ip: '127.0.0.1' });
  });

  it('suspend (reason required) revokes through ClientEvents and stops client authentication; reactivate restores it', async () => {
    const suspended: string[] = [];
    t.app.get(ClientEvents).onSuspended(async (id) => { suspended.push(id); });
    const { client_id, client_secret } = await register();
    await admin.post(`/clients/${client_id}/approve`).expect(200);
    await admin.post(`/clients/${client_id}/suspend`, {}).expect(400);
    const res = await admin.post(`/clients/${client_id}/suspend`, { reason: 'abuse reported' }).expect(200);
    expect(res.body.status).toBe('suspended');
    expect(suspended).toEqual([client_id]);
    await expect(authenticate(client_id, client_secret)).rejects.toMatchObject({ error: 'invalid_client' });
    await admin.post(`/clients/${client_id}/reactivate`, { note: 'fixed' }).expect(200);
    await expect(authenticate(client_id, client_secret)).resolves.toBeDefined();
    const events = await auditOf(client_id);
    type Event = { action: string; reason: string; actor: string; ip: string; details: unknown };
    expect(events.map((e: Event) => [e.action, e.reason, e.actor, e.ip])).toEqual([
      ['client.reactivated', 'fixed', 'admin:admin', '127.0.0.1'],
      ['client.suspended', 'abuse reported', 'admin:admin', '127.0.0.1'],
      ['client.approved', null, 'admin:admin', '127.0.0.1'],
      ['client.registered', null, 'anonymous', '127.0.0.1'],
    ]);
    expect(events[1].details).toEqual({ from: 'approved', to: 'suspended' });
    const detail = await admin.get(`/clients/${client_id}`).expect(200);
    expect(detail.body.status_history.map((h: { to: string }) => h.to)).toEqual(['pending', 'approved', 'suspended', 'approved']);
  });

  it.each([
    ['pending', 'suspend', { reason: 'x' }], ['pending', 'reactivate', {}],
    ['approved', 'approve', {}], ['approved', 'reject', { reason: 'x' }], ['approved', 'reactivate', {}],
  ])('a channel that is %s cannot be sent to %s (409 naming the current state)', async (state, action, body) => {
    const { client_id } = await register();
    if (state === 'approved') await admin.post(`/clients/${client_id}/approve`).expect(200);
    const res = await admin.post(`/clients/${client_id}/${action}`, body).expect(409);
    expect(res.body.error_description).toContain(`it is ${state}`);
    expect(res.body.details).toEqual({ current_status: state });
  });

  it('404 for an unknown channel, and client_id is matched exactly', async () => {
    const { client_id } = await register();
    expect((await admin.get('/clients/0000000000000000deadbeef').expect(404)).body.error).toBe('not_found');
    await admin.get(`/clients/${client_id.toUpperCase()}`).expect(404);
    await admin.get(`/clients/${client_id}%20`).expect(404);
    await admin.post('/clients/nope/approve').expect(404);
    await admin.patch('/clients/nope', { client_name: 'x' }).expect(404);
    await admin.post('/clients/nope/secret').expect(404);
  });

  it('rotates the secret: the new one is shown once (no-store), the old one stops working at ClientAuthenticator', async () => {
    const { client_id, client_secret } = await register();
    await admin.post(`/clients/${client_id}/approve`).expect(200);
    const res = await admin.post(`/clients/${client_id}/secret`).expect(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body).toMatchObject({ client_id, status: 'approved', client_secret: expect.stringMatching(/^ghs_/) });
    expect(res.body.client_secret).not.toBe(client_secret);
    await expect(authenticate(client_id, client_secret)).rejects.toMatchObject({ error: 'invalid_client' });
    await expect(authenticate(client_id, res.body.client_secret)).resolves.toMatchObject({ method: 'client_secret_basic' });
    expect((await admin.get(`/clients/${client_id}`)).body).not.toHaveProperty('client_secret');
    const [event] = await auditOf(client_id);
    expect(event).toMatchObject({ actor: 'admin:admin', action: 'client.secret_rotated', ip: '127.0.0.1' });
  });

  it('a public client has no secret to rotate', async () => {
    const { client_id } = await register({ token_endpoint_auth_method: 'none' });
    const res = await admin.post(`/clients/${client_id}/secret`).expect(400);
    expect(res.body.error_description).toContain('public client');
  });

  it('PATCH edits redirect URIs, scopes, lifetimes and the rest, audited with the changed fields', async () => {
    const { client_id } = await register();
    const res = await admin.patch(`/clients/${client_id}`, {
      client_name: 'Renamed', description: 'new text', redirect_uris: ['https://acme.example/cb2', 'http://127.0.0.1/native'], scope: 'profile',
      access_token_ttl: 600, refresh_token_ttl: -1, code_ttl: 30, require_pkce: true, refresh_grace_seconds: 600, token_format: 'jwt',
    }).expect(200);
    expect(res.body).toMatchObject({
      client_name: 'Renamed', description: 'new text', redirect_uris: ['https://acme.example/cb2', 'http://127.0.0.1/native'], scope: 'profile',
      access_token_ttl: 600, refresh_token_ttl: -1, code_ttl: 30, require_pkce: true, refresh_grace_seconds: 600, token_format: 'jwt', status: 'pending',
    });
    expect((await admin.get(`/clients/${client_id}`)).body).toMatchObject({ client_name: 'Renamed', code_ttl: 30, token_format: 'jwt' });
    const [event] = await auditOf(client_id);
    expect(event).toMatchObject({ action: 'client.updated', actor: 'admin:admin', ip: '127.0.0.1' });
    expect(event.details.fields).toEqual(expect.arrayContaining(['client_name', 'redirect_uris', 'scope', 'access_token_ttl', 'code_ttl', 'token_format']));
    const reset = await admin.patch(`/clients/${client_id}`, { access_token_ttl: null, description: null }).expect(200);
    expect(reset.body).toMatchObject({ access_token_ttl: null, description: null });
  });

  it('PATCH never writes back a status it read: an edit does not undo a concurrent transition', async () => {
    const { client_id } = await register();
    const [edit] = await Promise.all([
      admin.patch(`/clients/${client_id}`, { client_name: 'Edited' }),
      admin.post(`/clients/${client_id}/approve`),
    ]);
    expect(edit.status).toBe(200);
    expect((await admin.get(`/clients/${client_id}`)).body).toMatchObject({ client_name: 'Edited', status: 'approved' });
  });

  it.each([
    [{ redirect_uris: ['http://acme.example/cb'] }, 'redirect_uris: "http://acme.example/cb" must use https'],
    [{ redirect_uris: ['https://acme.example/cb#x'] }, 'must not contain a fragment'],
    [{ redirect_uris: [] }, 'redirect_uris should not be empty'],
    [{ scope: 'profile admin_everything' }, 'scope: unknown scope(s): admin_everything'],
    [{ code_ttl: 601 }, 'code_ttl must not be greater than 600'],
    [{ access_token_ttl: 0 }, 'access_token_ttl: must be between 1'],
    [{ access_token_ttl: 1.5 }, 'access_token_ttl must be an integer number'],
    [{ client_name: null }, 'client_name must be a string'],
    [{ token_format: null }, 'token_format must be one of the following values'],
    [{ token_format: 'paseto' }, 'token_format must be one of the following values'],
    [{ refresh_grace_seconds: 90000 }, 'refresh_grace_seconds must not be greater than 86400'],
    [{ grant_types: ['password'] }, 'each value in grant_types must be one of the following values'],
    [{ client_id: 'mine' }, 'property client_id should not exist'],
    [{ status: 'approved' }, 'property status should not exist'],
    [{ token_endpoint_auth_method: 'none' }, 'property token_endpoint_auth_method should not exist'],
  ].map(([body, message]) => [message as string, body as object]))('PATCH refuses: "%s"', async (message, body) => {
    const { client_id } = await register();
    const res = await admin.patch(`/clients/${client_id}`, body).expect(400);
    expect(res.body.error).toBe('invalid_request');
    expect(res.body.error_description).toContain(message);
    expect((await admin.get(`/clients/${client_id}`)).body.status).toBe('pending');
  });

  it('PATCH refuses client_credentials for a public client', async () => {
    const { client_id } = await register({ token_endpoint_auth_method: 'none' });
    const res = await admin.patch(`/clients/${client_id}`, { grant_types: ['client_credentials'] }).expect(400);
    expect(res.body.error_description).toContain('client_credentials needs a confidential client');
    const pkce = await admin.patch(`/clients/${client_id}`, { require_pkce: false }).expect(200);
    expect(pkce.body.require_pkce).toBe(true);
  });

  it('lists with search (wildcards taken literally), status filter and paging', async () => {
    const a = await register({ client_name: 'Zeta_Search 1' });
    await register({ client_name: 'ZetaXSearch 2' });
    const literal = await admin.get(`/clients?search=${encodeURIComponent('Zeta_')}`).expect(200);
    expect(literal.body.items.map((c: { client_id: string }) => c.client_id)).toEqual([a.client_id]);
    const both = await admin.get('/clients?search=zeta').expect(200);
    expect(both.body.total).toBe(2);
    const page1 = await admin.get('/clients?search=Zeta&limit=1').expect(200);
    const page2 = await admin.get('/clients?search=Zeta&limit=1&offset=1').expect(200);
    expect(page1.body.items[0].client_id).not.toBe(page2.body.items[0].client_id);
    expect((await admin.get(`/clients?search=${a.client_id}`)).body.items).toHaveLength(1);
    for (const bad of ['status=active', 'limit=0', 'limit=201', 'limit=abc', 'offset=-1', 'status=pending&status=approved', 'foo=bar']) {
      const res = await admin.get(`/clients?${bad}`);
      expect([bad, res.status]).toEqual([bad, 400]);
    }
  });

  it('no bad input on any admin route produces a 500', async () => {
    const { client_id } = await register();
    const user = (await admin.post('/users', { username: 'fuzz-target', password: 'fuzz-password-1' }).expect(201)).body;
    const routes: [string, string][] = [
      ['post', `/clients/${client_id}/approve`], ['post', `/clients/${client_id}/reject`], ['post', `/clients/${client_id}/suspend`],
      ['post', `/clients/${client_id}/reactivate`], ['patch', `/clients/${client_id}`], ['post', '/users'], ['patch', `/users/${user.id}`],
      ['post', '/scopes'], ['post', '/session'],
    ];
    const bodies = ['[]', '[1,2]', '"text"', '42', 'true', '{"note":{"$gt":""}}', '{"reason":["a"]}', '{"redirect_uris":[{"a":1}]}',
      '{"scope":["a"]}', '{"access_token_ttl":"1e309"}', '{"password":{"length":9}}', '{"disabled":"false"}', '{"__proto__":{"x":1}}',
      '{"constructor":{"prototype":{"x":1}}}', '{"display_name":"\u0000"}', `{"client_name":"${'x'.repeat(5000)}"}`, '{', ''];
    for (const [method, path] of routes) {
      for (const body of bodies) {
        const res = await t.http()[method as 'post' | 'patch'](`/api/admin${path}`).set('Authorization', auth).set('Content-Type', 'application/json').send(body);
        expect([method, path, body.slice(0, 40), res.status < 500]).toEqual([method, path, body.slice(0, 40), true]);
      }
    }
    for (const query of ['status[]=x', 'limit[a]=1', 'search=%00', 'search=%25%5F', 'offset=1e3', `search=${'x'.repeat(3000)}`]) {
      for (const path of ['/clients', '/users', '/audit']) {
        const res = await admin.get(`${path}?${query}`);
        expect([path, query.slice(0, 30), res.status < 500]).toEqual([path, query.slice(0, 30), true]);
      }
    }
    for (const id of ['%00', '..%2f..%2fetc', 'x'.repeat(500), '%E2%80%AE']) {
      expect((await admin.get(`/clients/${id}`)).status).toBe(404);
      expect((await admin.get(`/users/${id}`)).status).toBe(404);
    }
  });
});
