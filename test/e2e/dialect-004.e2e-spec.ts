import { connect } from 'node:net';
import { ClientLifecycle, ClientsService } from '../../libs/clients/src';
import { startTestApp, TestApp } from '../support/app';
import { loginAndAuthorize } from '../support/browser-flow';
import { expectNotLogged } from '../support/dialects';
import { ALICE, createClient, createUser, TestClient } from '../support/fixtures';
import { me } from '../support/tokens';

/** Seed 004 "authserver": every call of 004_authserver.md, exactly as written, over the core. */
describe('seed 004 authserver dialect', () => {
  let t: TestApp;
  let channel: TestClient;
  beforeAll(async () => {
    t = await startTestApp({ env: { THROTTLE_REGISTRATION: '50' } });
    await createUser(t, ALICE);
    const reg = await t.http().get('/client/add').query({ clientName: '应用名称', redirectUrl: 'http://localhost:8051/test', description: '应用描述' }).expect(200);
    await t.app.get(ClientLifecycle).approve(reg.body.data.clientId, undefined, { actor: 'test' });
    channel = { client: undefined as never, clientId: reg.body.data.clientId, clientSecret: reg.body.data.clientSecret, redirectUri: 'http://localhost:8051/test' };
  });
  afterAll(async () => { await t.close(); });

  const codeFor = async (url: string) => {
    const result = await loginAndAuthorize(t, { url });
    if (!result.code) throw new Error(`no code: ${result.location}`);
    return result.code;
  };
  /** The document's Java example, verbatim (redirect_uri not url-encoded). */
  const standardUrl = (c: TestClient, state = '1234') =>
    `/oauth2/authorize?client_id=${c.clientId}&response_type=code&redirect_uri=${c.redirectUri}&scope=snsapi_login&state=${state}`;
  const tokenQuery = (c: TestClient, code: string) => ({ client_id: c.clientId, client_secret: c.clientSecret!, grant_type: 'authorization_code', redirect_uri: c.redirectUri, code });
  const refreshCall = (c: TestClient, token: string) =>
    t.http().post(`/oauth2/refresh_token?client_id=${c.clientId}&grant_type=refresh_token&refresh_token=${token}`);

  it('registration: GET /client/add → {result, errcode:2000, msg, data:{clientId, clientName, clientSecret, description, redirectUrl}}; the channel waits for approval', async () => {
    const res = await t.http().get('/client/add').query({ clientName: '应用名称', redirectUrl: 'http://localhost:8051/test', description: '应用描述' }).expect(200);
    expect(res.headers['cache-control']).toContain('no-store');
    expect(res.body).toEqual({
      result: true, errcode: 2000, msg: '操作成功',
      data: { clientId: expect.any(String), clientName: '应用名称', clientSecret: expect.any(String), description: '应用描述', redirectUrl: 'http://localhost:8051/test', status: 'pending' },
    });
    const pending = { client: undefined as never, clientId: res.body.data.clientId, clientSecret: res.body.data.clientSecret, redirectUri: 'http://localhost:8051/test' };
    const page = await t.http().get(standardUrl(pending)).expect(400);
    expect(page.headers.location).toBeUndefined();
    expectNotLogged(t, [res.body.data.clientSecret]);
  });

  it('registration errors: {result:false, errcode:4xxx, msg}', async () => {
    const res = await t.http().get('/client/add').query({ clientName: 'x', redirectUrl: 'http://evil.example/cb' }).expect(400);
    expect(res.body).toEqual({ result: false, errcode: 4000, msg: expect.stringContaining('redirectUrl') });
    expect((await t.http().get('/client/add').query({ redirectUrl: 'https://a.example/cb' }).expect(400)).body).toMatchObject({ result: false, errcode: 4000 });
    expect((await t.http().get('/client/add?clientName=a&clientName=b').expect(400)).body).toMatchObject({ result: false, errcode: 4000 });
  });

  /** Sends a request line exactly as given (raw UTF-8 bytes, as curl sends the document's URL); supertest would encode it. */
  const rawGet = async (target: string): Promise<{ status: number; headers: string; body: string }> => {
    const base = new URL(await t.listen());
    return new Promise((resolve, reject) => {
      const socket = connect(Number(base.port), base.hostname, () => {
        socket.write(Buffer.from(`GET ${target} HTTP/1.1\r\nHost: localhost:8060\r\nConnection: close\r\n\r\n`, 'utf8'));
      });
      const chunks: Buffer[] = [];
      socket.on('data', (d: Buffer) => chunks.push(d));
      socket.on('error', reject);
      socket.on('close', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const [head, ...rest] = text.split('\r\n\r\n');
        resolve({ status: Number(head.split(' ')[1]), headers: head, body: rest.join('\r\n\r\n') });
      });
    });
  };

  it('registration with the document\'s URL sent as raw UTF-8 (as curl does): the 004 envelope, errcode 4000, saying to percent-encode', async () => {
    const before = (await t.app.get(ClientsService).list({ search: '应用名称' })).total;
    const res = await rawGet('/client/add?clientName=应用名称&redirectUrl=http://localhost:8051/test&description=应用描述');
    expect(res.status).toBe(400);
    expect(res.headers).toMatch(/content-type: application\/json; charset=utf-8/i);
    expect(res.headers).toMatch(/cache-control: no-store/i);
    expect(JSON.parse(res.body)).toEqual({ result: false, errcode: 4000, msg: expect.stringContaining('percent-encode') });
    expect(JSON.parse(res.body).msg).toContain('clientName=%E5%BA%94%E7%94%A8%E5%90%8D%E7%A7%B0');
    expect((await t.app.get(ClientsService).list({ search: '应用名称' })).total).toBe(before);
    // Elsewhere: invalid_request JSON that names the problem, never Fastify's generic "Client Error".
    const other = await rawGet('/oauth2/access_token?client_id=名');
    expect(other.status).toBe(400);
    expect(JSON.parse(other.body)).toEqual({ statusCode: 400, error: 'invalid_request', error_description: expect.stringContaining('percent-encoded'), message: expect.any(String) });
    // The same URL percent-encoded, over the same raw socket: registered (errcode 2000).
    const encoded = await rawGet(`/client/add?clientName=${encodeURIComponent('应用名称')}&redirectUrl=http://localhost:8051/test&description=${encodeURIComponent('应用描述')}`);
    expect(encoded.status).toBe(200);
    expect(JSON.parse(encoded.body)).toEqual({
      result: true, errcode: 2000, msg: '操作成功',
      data: { clientId: expect.any(String), clientName: '应用名称', clientSecret: expect.any(String), description: '应用描述', redirectUrl: 'http://localhost:8051/test', status: 'pending' },
    });
  });

  it('authorize at /oauth2/authorize with scope=snsapi_login, then GET /oauth2/access_token → {access_token, refresh_token, openid, scope, expires_in}', async () => {
    const code = await codeFor(standardUrl(channel));
    const res = await t.http().get('/oauth2/access_token').query(tokenQuery(channel, code)).expect(200);
    expect(res.headers['cache-control']).toContain('no-store');
    expect(res.body).toEqual({ access_token: expect.any(String), refresh_token: expect.any(String), openid: expect.any(String), scope: 'snsapi_login', expires_in: 3600 });
    expectNotLogged(t, [channel.clientSecret!, code, res.body.access_token, res.body.refresh_token]);
  });

  it('GET /authorize (comma-separated scopes) and POST /oauth2/access_token; the token works at /api/v1/me with the same openid', async () => {
    const code = await codeFor(`/authorize?client_id=${channel.clientId}&response_type=code&redirect_uri=${channel.redirectUri}&scope=snsapi_login,profile`);
    const res = await t.http().post('/oauth2/access_token').type('form').send(tokenQuery(channel, code)).expect(200);
    expect(res.body.scope.split(',').sort()).toEqual(['profile', 'snsapi_login']);
    expect((await me(t, res.body.access_token).expect(200)).body.openid).toBe(res.body.openid);
    const code2 = await codeFor(`/authorize?client_id=${channel.clientId}&response_type=code&redirect_uri=${channel.redirectUri}`);
    await t.http().post(`/oauth2/access_token?${new URLSearchParams(tokenQuery(channel, code2))}`).expect(200);
  });

  it('the token URL exactly as the document prints it (redirect URI under an empty name) works', async () => {
    const code = await codeFor(standardUrl(channel));
    const url = `/oauth2/access_token?client_id=${channel.clientId}&client_secret=${channel.clientSecret}&grant_type=authorization_code&=${channel.redirectUri}&code=${code}`;
    expect((await t.http().get(url).expect(200)).body.openid).toEqual(expect.any(String));
  });

  it('POST /oauth2/refresh_token (no secret) rotates; #31 reuse of the old refresh token revokes the family', async () => {
    const first = (await t.http().get('/oauth2/access_token').query(tokenQuery(channel, await codeFor(standardUrl(channel)))).expect(200)).body;
    const second = (await refreshCall(channel, first.refresh_token).expect(200)).body;
    expect(second).toEqual({ access_token: expect.any(String), refresh_token: expect.any(String), openid: first.openid, scope: 'snsapi_login', expires_in: 3600 });
    expect((await refreshCall(channel, first.refresh_token).expect(400)).body.error).toBe('invalid_grant');
    expect((await refreshCall(channel, second.refresh_token).expect(400)).body.error).toBe('invalid_grant');
    expectNotLogged(t, [first.refresh_token, second.refresh_token]);
  });

  it('#33 the refresh token stays bound to its channel; a secret that is sent is checked', async () => {
    const other = await createClient(t);
    const first = (await t.http().get('/oauth2/access_token').query(tokenQuery(channel, await codeFor(standardUrl(channel)))).expect(200)).body;
    expect((await refreshCall(other, first.refresh_token).expect(400)).body.error).toBe('invalid_grant');
    const wrong = await t.http().post(`/oauth2/refresh_token?client_id=${channel.clientId}&client_secret=wrong&grant_type=refresh_token&refresh_token=${first.refresh_token}`).expect(401);
    expect(wrong.body.error).toBe('invalid_client');
    await refreshCall(channel, first.refresh_token).expect(200);
  });

  it('#18 a reused code → invalid_grant; #25 a wrong secret → invalid_client; #22 a different redirect_uri → invalid_grant', async () => {
    const code = await codeFor(standardUrl(channel));
    const first = await t.http().get('/oauth2/access_token').query(tokenQuery(channel, code)).expect(200);
    expect((await t.http().get('/oauth2/access_token').query(tokenQuery(channel, code)).expect(400)).body.error).toBe('invalid_grant');
    await me(t, first.body.access_token).expect(401);
    const code2 = await codeFor(standardUrl(channel));
    expect((await t.http().get('/oauth2/access_token').query({ ...tokenQuery(channel, code2), client_secret: 'wrong' }).expect(401)).body.error).toBe('invalid_client');
    expect((await t.http().get('/oauth2/access_token').query({ ...tokenQuery(channel, code2), redirect_uri: 'http://localhost:8051/other' }).expect(400)).body.error).toBe('invalid_grant');
  });

  it('#2 an unregistered redirect_uri on /authorize gets the error page', async () => {
    const res = await t.http().get(`/authorize?client_id=${channel.clientId}&response_type=code&redirect_uri=http://localhost:8051/test/`).expect(400);
    expect(res.headers.location).toBeUndefined();
  });

  it('bad input gets an RFC error code, never a 500', async () => {
    expect((await t.http().post('/oauth2/refresh_token?grant_type=refresh_token&refresh_token=x').expect(400)).body.error).toBe('invalid_request');
    expect((await t.http().post('/oauth2/refresh_token?client_id=nope&grant_type=refresh_token&refresh_token=x').expect(401)).body.error).toBe('invalid_client');
    expect((await refreshCall(channel, 'x').expect(400)).body.error).toBe('invalid_grant');
    expect((await t.http().get('/oauth2/access_token').query({ client_id: channel.clientId, grant_type: 'password' }).expect(400)).body.error).toBe('unsupported_grant_type');
    expect((await t.http().post('/oauth2/access_token?code=a').type('form').send('code=b&grant_type=authorization_code').expect(400)).body.error).toBe('invalid_request');
  });
});

// Apps of their own, booted after the main suite: passport's strategies are process-wide, so a
// second app must not run beside the one the browser flows above sign in to.
describe('seed 004 /client/add under other settings', () => {
  it('REGISTRATION=closed and the registration rate limit hold on /client/add', async () => {
    const closed = await startTestApp({ env: { REGISTRATION: 'closed' } });
    try {
      const res = await closed.http().get('/client/add').query({ clientName: 'x', redirectUrl: 'https://a.example/cb' }).expect(403);
      expect(res.body).toMatchObject({ result: false, errcode: 4003 });
    } finally { await closed.close(); }
    const limited = await startTestApp({ env: { THROTTLE_REGISTRATION: '1' } });
    try {
      await limited.http().get('/client/add').query({ clientName: 'x', redirectUrl: 'https://a.example/cb' }).expect(200);
      const res = await limited.http().get('/client/add').query({ clientName: 'y', redirectUrl: 'https://a.example/cb' }).expect(429);
      expect(res.body).toMatchObject({ result: false, errcode: 4029 });
      expect(res.headers['retry-after']).toEqual(expect.any(String));
    } finally { await limited.close(); }
  });
});
