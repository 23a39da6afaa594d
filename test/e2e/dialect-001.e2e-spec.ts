import { startTestApp, TestApp } from '../support/app';
import { loginAndAuthorize } from '../support/browser-flow';
import { expectNotLogged } from '../support/dialects';
import { ALICE, basicAuth, createClient, createUser, TestClient } from '../support/fixtures';
import { me, sleep } from '../support/tokens';

/** Seed 001 "liuyuan": every call of 001_liuyuan_oauth2.md, exactly as written, over the core. */
describe('seed 001 liuyuan dialect', () => {
  let t: TestApp;
  let channel: TestClient;
  let aliceId: string;
  beforeAll(async () => {
    t = await startTestApp();
    aliceId = (await createUser(t, ALICE)).id;
    channel = await createClient(t);
  });
  afterAll(async () => { await t.close(); });

  const authorizeUrl = (c: TestClient, over: Record<string, string> = {}) =>
    `/index.php?app=authorize&${new URLSearchParams({ response_type: 'code', client_id: c.clientId, state: 'xyz', ...over })}`;
  /** The document's call: POST, Basic base64(client_id:client_secret) unencoded, form body. */
  const rawBasic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
  const tokenCall = (c: TestClient, body: string, auth = rawBasic(c.clientId, c.clientSecret!)) =>
    t.http().post('/index.php?app=token').set('Authorization', auth).set('Content-Type', 'application/x-www-form-urlencoded').send(body);
  const codeFor = async (c: TestClient, over: Record<string, string> = {}) => {
    const result = await loginAndAuthorize(t, { url: authorizeUrl(c, over) });
    if (!result.code) throw new Error(`no code: ${result.location}`);
    return result.code;
  };

  it('authorize: /index.php?app=authorize&response_type=code&client_id=…&state=xyz → redirect_uri?code=…&state=xyz', async () => {
    const result = await loginAndAuthorize(t, { url: authorizeUrl(channel) });
    expect(result.loginShown).toBe(true);
    expect(result.location.startsWith(`${channel.redirectUri}?`)).toBe(true);
    expect(result.code).toEqual(expect.any(String));
    expect(result.state).toBe('xyz');
  });

  it('token: POST /index.php?app=token with Basic → {access_token, expires_in}; the token works at /api/v1/me', async () => {
    const code = await codeFor(channel);
    const res = await tokenCall(channel, `grant_type=authorization_code&code=${code}&client_id=${channel.clientId}`).expect(200);
    expect(res.headers['cache-control']).toContain('no-store');
    expect(res.body).toMatchObject({ access_token: expect.any(String), expires_in: 3600 });
    expect((await me(t, res.body.access_token).expect(200)).body.user_id).toBe(aliceId);
    expectNotLogged(t, [channel.clientSecret!, code, res.body.access_token]);
  });

  it('the body exactly as the document prints it (no "&" before client_id) works too', async () => {
    const code = await codeFor(channel);
    const res = await tokenCall(channel, `grant_type=authorization_code&code=${code}client_id=${channel.clientId}`).expect(200);
    expect(res.body.access_token).toEqual(expect.any(String));
  });

  it('form-urlencoded Basic credentials are accepted as well as raw ones', async () => {
    const code = await codeFor(channel);
    await tokenCall(channel, `grant_type=authorization_code&code=${code}&client_id=${channel.clientId}`, basicAuth(channel.clientId, channel.clientSecret!)).expect(200);
  });

  it('state is required: without it → invalid_request redirect (after login)', async () => {
    const url = `/index.php?app=authorize&response_type=code&client_id=${channel.clientId}`;
    const result = await loginAndAuthorize(t, { url });
    expect(result.error).toBe('invalid_request');
    expect(result.code).toBeUndefined();
  });

  it('redirect_uri may be omitted when one is registered, but must be exact when sent', async () => {
    const two = await createClient(t, { redirect_uris: ['https://app.example/cb', 'https://app.example/cb2'] });
    const res = await t.http().get(authorizeUrl(two)).expect(400);
    expect(res.headers.location).toBeUndefined();
    const bad = await t.http().get(authorizeUrl(channel, { redirect_uri: 'https://app.example/cb?x=1' })).expect(400);
    expect(bad.headers.location).toBeUndefined();
    const ok = await loginAndAuthorize(t, { url: authorizeUrl(two, { redirect_uri: 'https://app.example/cb2' }) });
    expect(ok.location.startsWith('https://app.example/cb2?')).toBe(true);
  });

  it('#2 an unapproved channel gets the error page, never a redirect', async () => {
    const pending = await createClient(t, {}, { approve: false });
    const res = await t.http().get(authorizeUrl(pending)).expect(400);
    expect(res.headers.location).toBeUndefined();
  });

  it('#24 a wrong secret → 401 invalid_client with WWW-Authenticate: Basic', async () => {
    const code = await codeFor(channel);
    const res = await tokenCall(channel, `grant_type=authorization_code&code=${code}&client_id=${channel.clientId}`, rawBasic(channel.clientId, 'wrong')).expect(401);
    expect(res.body.error).toBe('invalid_client');
    expect(res.headers['www-authenticate']).toMatch(/^Basic /);
  });

  it('#18 a reused code → invalid_grant and the first token is revoked', async () => {
    const code = await codeFor(channel);
    const body = `grant_type=authorization_code&code=${code}&client_id=${channel.clientId}`;
    const first = await tokenCall(channel, body).expect(200);
    expect((await tokenCall(channel, body).expect(400)).body.error).toBe('invalid_grant');
    await me(t, first.body.access_token).expect(401);
  });

  it('#20 an expired code → invalid_grant', async () => {
    const c = await createClient(t, { code_ttl: 1 });
    const code = await codeFor(c);
    await sleep(1500);
    expect((await tokenCall(c, `grant_type=authorization_code&code=${code}&client_id=${c.clientId}`).expect(400)).body.error).toBe('invalid_grant');
  });

  it('#21 client_id in the body must match the Basic credentials; a code is bound to its channel', async () => {
    const other = await createClient(t);
    const code = await codeFor(channel);
    expect((await tokenCall(channel, `grant_type=authorization_code&code=${code}&client_id=${other.clientId}`).expect(400)).body.error).toBe('invalid_request');
    expect((await tokenCall(other, `grant_type=authorization_code&code=${code}&client_id=${other.clientId}`).expect(400)).body.error).toBe('invalid_grant');
  });

  it('bad input gets an RFC error code, never a 500', async () => {
    expect((await t.http().post('/index.php?app=token').set('Authorization', rawBasic(channel.clientId, channel.clientSecret!)).send({ grant_type: 'authorization_code' }).expect(400)).body.error).toBe('invalid_request');
    expect((await tokenCall(channel, 'grant_type=password&code=x').expect(400)).body.error).toBe('unsupported_grant_type');
    expect((await tokenCall(channel, 'grant_type=authorization_code').expect(400)).body.error).toBe('invalid_request');
    expect((await t.http().post('/index.php?app=other').type('form').send('grant_type=authorization_code&code=x').expect(400)).body.error).toBe('invalid_request');
    const page = await t.http().get(`/index.php?app=nothing&client_id=${channel.clientId}`).expect(400);
    expect(page.headers.location).toBeUndefined();
  });
});
