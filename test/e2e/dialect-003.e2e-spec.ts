import supertest from 'supertest';
import { AccessTokenEntity, AuthorizationCodeEntity, RefreshTokenEntity } from '../../libs/persistence/src';
import { sha256Hex } from '../../libs/common/src';
import { formatSopTimestamp } from '../../libs/dialects/src';
import { startTestApp, TestApp } from '../support/app';
import { adminToken, bearer } from '../support/admin';
import { hiddenInput, loginAndAuthorize } from '../support/browser-flow';
import { expectNotLogged, readEnvelope, rsaPair, RsaPair, sopGateway, sopParams } from '../support/dialects';
import { ADMIN, ALICE, createClient, createUser, TestClient } from '../support/fixtures';
import { introspect, me, redeemCode } from '../support/tokens';

/** Seed 003 "sop": every call of 003_sop_app_auth.md, exactly as written, over the core. */
describe('seed 003 sop dialect', () => {
  let t: TestApp;
  let app: RsaPair;
  let channel: TestClient;
  let platformKey: string;
  let aliceId: string;
  beforeAll(async () => {
    t = await startTestApp({ env: { THROTTLE_CLIENT_AUTH: '5' } });
    aliceId = (await createUser(t, ALICE)).id;
    app = rsaPair();
    // Registered as the document describes: a redirect URI and the app's public key, no lifetimes.
    channel = await createClient(t, { redirect_uris: ['http://localhost:8087/oauth2callback'], sop_public_key: app.publicKey });
    platformKey = (await t.http().get('/sop/platform-key').expect(200)).text;
  });
  afterAll(async () => { await t.close(); });

  const authorizeUrl = (c: TestClient) => `/oauth2/appToAppAuth?app_id=${c.clientId}&redirect_uri=${encodeURIComponent(c.redirectUri)}`;
  const codeFor = async (c: TestClient) => {
    const result = await loginAndAuthorize(t, { url: authorizeUrl(c) });
    if (!result.code) throw new Error(`no code: ${result.location}`);
    return result.code;
  };
  const call = async (params: Record<string, string>, status = 200) => {
    const res = await sopGateway(t, params).expect(status);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    const envelope = readEnvelope(res.text, platformKey);
    expect(envelope.verified).toBe(true);
    return { ...envelope, topKeys: Object.keys(JSON.parse(res.text) as object) };
  };
  const byCode = (c: TestClient, code: string, keys = app, over: Record<string, string> = {}) =>
    sopParams(c.clientId, keys.privateKey, { grant_type: 'authorization_code', code }, over);
  const byRefresh = (c: TestClient, refreshToken: string) =>
    sopParams(c.clientId, app.privateKey, { grant_type: 'refresh_token', refresh_token: refreshToken });

  it('the platform key is published as PEM', () => {
    expect(platformKey).toMatch(/^-----BEGIN PUBLIC KEY-----/);
  });

  it('a channel registers its RSA public key with sop_public_key (POST /api/v1/clients)', async () => {
    const res = await t.http().post('/api/v1/clients').send({ client_name: 'SOP app', redirect_uris: ['https://dev.example/oauth2callback'], sop_public_key: app.publicKey }).expect(201);
    expect(res.body.sop_public_key).toBe(app.publicKey);
    const bad = await t.http().post('/api/v1/clients').send({ client_name: 'SOP app', redirect_uris: ['https://dev.example/cb'], sop_public_key: 'nope' }).expect(400);
    expect(bad.body.error).toBe('invalid_client_metadata');
  });

  it('step 1-2: /oauth2/appToAppAuth?app_id=…&redirect_uri=… → callback ?app_id=…&code=…; the code lives 24 hours', async () => {
    const result = await loginAndAuthorize(t, { url: authorizeUrl(channel) });
    expect(result.location.startsWith('http://localhost:8087/oauth2callback?')).toBe(true);
    expect(result.params.get('app_id')).toBe(channel.clientId);
    expect(result.code).toEqual(expect.any(String));
    const row = await t.dataSource.getRepository(AuthorizationCodeEntity).findOneByOrFail({ codeHash: sha256Hex(result.code!) });
    expect(Math.round((row.expiresAt.getTime() - Date.now()) / 3600_000)).toBe(24);
  });

  /** The document's synchronous answer, field for field (its example prints re_expires_in -3; any negative value means "永久有效"). */
  const TOKEN_APP_ANSWER = {
    code: '10000', msg: 'Success', app_auth_token: expect.any(String), app_refresh_token: expect.any(String), expires_in: -1, re_expires_in: -1, user_id: expect.any(String),
  };

  it('step 3: open.auth.token.app with the code → signed envelope; app_auth_token is a bearer token for /api/v1/me; a channel without lifetimes of its own gets permanent tokens (-1)', async () => {
    const code = await codeFor(channel);
    const envelope = await call(byCode(channel, code));
    expect(envelope.key).toBe('open_auth_token_app_response');
    expect(envelope.topKeys).toEqual(['open_auth_token_app_response', 'sign']);
    expect(envelope.response).toEqual({ ...TOKEN_APP_ANSWER, user_id: aliceId });
    expect(typeof envelope.response.expires_in).toBe('number');
    // They really never expire: no expiry stored for either token, none in introspection.
    const access = await t.dataSource.getRepository(AccessTokenEntity).findOneByOrFail({ tokenHash: sha256Hex(envelope.response.app_auth_token as string) });
    const refresh = await t.dataSource.getRepository(RefreshTokenEntity).findOneByOrFail({ tokenHash: sha256Hex(envelope.response.app_refresh_token as string) });
    expect([access.expiresAt, refresh.expiresAt, refresh.absoluteExpiresAt]).toEqual([null, null, null]);
    const info = (await introspect(t, channel, envelope.response.app_auth_token as string).expect(200)).body;
    expect(info.active).toBe(true);
    expect(info.exp).toBeUndefined();
    expect((await me(t, envelope.response.app_auth_token as string).expect(200)).body.user_id).toBe(aliceId);
    expectNotLogged(t, [code, envelope.response.app_auth_token as string, envelope.response.app_refresh_token as string]);
  });

  it('an operator may set finite lifetimes (admin PATCH); they are answered in seconds and stored', async () => {
    const c = await createClient(t, { redirect_uris: ['http://localhost:8087/oauth2callback'], sop_public_key: app.publicKey });
    const auth = bearer(await adminToken(t));
    await t.http().patch(`/api/admin/clients/${c.clientId}`).set('Authorization', auth).send({ access_token_ttl: 7200, refresh_token_ttl: 86400 }).expect(200);
    const envelope = await call(byCode(c, await codeFor(c)));
    expect(envelope.response).toEqual({ ...TOKEN_APP_ANSWER, user_id: aliceId, expires_in: 7200, re_expires_in: 86400 });
    const access = await t.dataSource.getRepository(AccessTokenEntity).findOneByOrFail({ tokenHash: sha256Hex(envelope.response.app_auth_token as string) });
    expect(Math.round((access.expiresAt!.getTime() - Date.now()) / 1000)).toBeGreaterThan(7190);
    // Only one set: the other stays permanent on the gateway.
    await t.http().patch(`/api/admin/clients/${c.clientId}`).set('Authorization', auth).send({ refresh_token_ttl: null }).expect(200);
    expect((await call(byCode(c, await codeFor(c)))).response).toEqual({ ...TOKEN_APP_ANSWER, user_id: aliceId, expires_in: 7200, re_expires_in: -1 });
  });

  it('the standard token endpoint keeps the server defaults for the same channel', async () => {
    const result = await loginAndAuthorize(t, { clientId: channel.clientId, redirectUri: channel.redirectUri });
    const res = await redeemCode(t, channel, result.code!).expect(200);
    expect(res.body.expires_in).toBe(3600);
    const refresh = await t.dataSource.getRepository(RefreshTokenEntity).findOneByOrFail({ tokenHash: sha256Hex(res.body.refresh_token) });
    expect(refresh.absoluteExpiresAt).not.toBeNull();
  });

  it('the console marks channels whose tokens never expire, on the list and the channel page, in both languages', async () => {
    await adminToken(t);
    const finite = await createClient(t, { client_name: 'Finite SOP', redirect_uris: ['http://localhost:8087/oauth2callback'], sop_public_key: app.publicKey, access_token_ttl: 60, refresh_token_ttl: 120 });
    const forever = await createClient(t, { client_name: 'Forever', access_token_ttl: -1 });
    const agent: supertest.Agent = t.http();
    const login = await agent.get('/admin/login').expect(200);
    await agent.post('/admin/login').type('form').send({ ...ADMIN, _csrf: hiddenInput(login.text, '_csrf'), return_to: '/admin' }).expect(302);
    const badge = (kind: string) => new RegExp(`<span class="status status-permanent" data-never-expires="${kind}">`);
    const page = await agent.get(`/admin/channels/${channel.clientId}?lang=en`).expect(200);
    expect(page.text).toMatch(badge('sop_gateway'));
    expect(page.text).toContain('SOP tokens never expire');
    expect(page.text).toContain('server default (never expires on the SOP gateway)');
    expect((await agent.get(`/admin/channels/${forever.clientId}`).expect(200)).text).toMatch(badge('everywhere'));
    expect((await agent.get(`/admin/channels/${finite.clientId}`).expect(200)).text).not.toContain('status-permanent');
    const list = await agent.get('/admin/channels?q=Finite').expect(200);
    expect(list.text).toContain('Finite SOP');
    expect(list.text).not.toContain('status-permanent');
    const all = await agent.get('/admin/channels').expect(200);
    expect(all.text).toMatch(badge('sop_gateway'));
    expect(all.text).toMatch(badge('everywhere'));
    const zh = await agent.get(`/admin/channels/${channel.clientId}?lang=zh-CN`).expect(200);
    expect(zh.text).toContain('SOP 令牌永不过期');
    expect((await agent.get(`/admin/channels/${forever.clientId}`).expect(200)).text).toContain('令牌永不过期');
    await agent.get('/admin?lang=en').expect(200);
  });

  it('refresh: new tokens; the old app_auth_token keeps working for 10 minutes; #31 a replayed refresh token revokes the family', async () => {
    const first = (await call(byCode(channel, await codeFor(channel)))).response;
    const second = (await call(byRefresh(channel, first.app_refresh_token as string))).response;
    expect(second).toEqual({ ...TOKEN_APP_ANSWER, user_id: aliceId });
    const rotated = await t.dataSource.getRepository(RefreshTokenEntity).findOneByOrFail({ tokenHash: sha256Hex(second.app_refresh_token as string) });
    expect([rotated.expiresAt, rotated.absoluteExpiresAt]).toEqual([null, null]);
    expect(second.app_auth_token).not.toBe(first.app_auth_token);
    await me(t, first.app_auth_token as string).expect(200);
    const old = await t.dataSource.getRepository(AccessTokenEntity).findOneByOrFail({ tokenHash: sha256Hex(first.app_auth_token as string) });
    const grace = (old.expiresAt!.getTime() - Date.now()) / 1000;
    expect(grace).toBeGreaterThan(590);
    expect(grace).toBeLessThanOrEqual(600);
    const replay = await call(byRefresh(channel, first.app_refresh_token as string));
    expect(replay.response).toMatchObject({ code: '40002', sub_code: 'isv.refresh-token-invalid' });
    await me(t, second.app_auth_token as string).expect(401);
    await me(t, first.app_auth_token as string).expect(401);
  });

  it('#18 a reused code → isv.code-invalid, and the first tokens are revoked', async () => {
    const code = await codeFor(channel);
    const first = (await call(byCode(channel, code))).response;
    const again = await call(byCode(channel, code));
    expect(again.response).toEqual({ code: '40002', msg: 'Invalid Arguments', sub_code: 'isv.code-invalid', sub_msg: expect.any(String) });
    await me(t, first.app_auth_token as string).expect(401);
  });

  it('a signature by another key, or over changed parameters → isv.invalid-signature (signed by the platform)', async () => {
    const code = await codeFor(channel);
    expect((await call(byCode(channel, code, rsaPair()))).response).toMatchObject({ code: '40002', sub_code: 'isv.invalid-signature' });
    const tampered = { ...byCode(channel, code), biz_content: JSON.stringify({ grant_type: 'authorization_code', code: 'other' }) };
    expect((await call(tampered)).response).toMatchObject({ code: '40002', sub_code: 'isv.invalid-signature' });
    // the code was never touched: it still works
    expect((await call(byCode(channel, code))).response.code).toBe('10000');
  });

  it('a timestamp more than 10 minutes off → isv.invalid-timestamp; a malformed one too', async () => {
    const code = await codeFor(channel);
    const stale = formatSopTimestamp(new Date(Date.now() - 11 * 60_000), 'Asia/Shanghai');
    expect((await call(byCode(channel, code, app, { timestamp: stale }))).response).toMatchObject({ sub_code: 'isv.invalid-timestamp' });
    expect((await call(byCode(channel, code, app, { timestamp: String(Date.now()) }))).response).toMatchObject({ sub_code: 'isv.invalid-timestamp' });
  });

  it('unknown, unapproved or keyless app_id → isv.invalid-app-id', async () => {
    const pending = await createClient(t, { sop_public_key: app.publicKey }, { approve: false });
    const keyless = await createClient(t);
    for (const id of ['2019032617262200001', pending.clientId, keyless.clientId]) {
      const envelope = await call(sopParams(id, app.privateKey, { grant_type: 'authorization_code', code: 'x' }));
      expect(envelope.response).toMatchObject({ code: '40002', sub_code: 'isv.invalid-app-id' });
    }
  });

  it('missing parameters → isv.missing-*; wrong method → error_response', async () => {
    const { sign: _sign, ...unsigned } = byCode(channel, 'x');
    expect((await call(unsigned)).response).toMatchObject({ sub_code: 'isv.missing-signature' });
    const { method: _method, ...noMethod } = byCode(channel, 'x');
    const missing = await call(noMethod);
    expect(missing.key).toBe('error_response');
    expect(missing.response).toMatchObject({ sub_code: 'isv.missing-method' });
    expect((await call(sopParams(channel.clientId, app.privateKey, { code: 'x' }))).response).toMatchObject({ sub_code: 'isv.missing-grant-type' });
    expect((await call(sopParams(channel.clientId, app.privateKey, { grant_type: 'authorization_code' }))).response).toMatchObject({ sub_code: 'isv.missing-code' });
    expect((await call(byCode(channel, 'x', app, { sign_type: 'RSA' }))).response).toMatchObject({ sub_code: 'isv.invalid-signature-type' });
    expect((await call(byCode(channel, 'x', app, { biz_content: '{not json' }))).response).toMatchObject({ sub_code: 'isv.invalid-biz-content' });
    const asJson = await t.http().post('/sop/gateway').send(byCode(channel, 'x')).expect(200);
    expect(readEnvelope(asJson.text, platformKey).response).toMatchObject({ sub_code: 'isv.invalid-parameter' });
  });

  it('#26 failed signatures are throttled per app: afterwards even a good one is refused (429)', async () => {
    const c = await createClient(t, { sop_public_key: app.publicKey });
    const stranger = rsaPair();
    for (let i = 0; i < 5; i++) await call(sopParams(c.clientId, stranger.privateKey, { grant_type: 'authorization_code', code: `x${i}` }));
    const limited = await call(sopParams(c.clientId, app.privateKey, { grant_type: 'authorization_code', code: 'y' }), 429);
    expect(limited.response).toMatchObject({ code: '40002', sub_code: 'isv.app-call-limited' });
  });

  it('#2 an unregistered redirect_uri or an unapproved channel gets the error page, never a redirect', async () => {
    const pending = await createClient(t, {}, { approve: false });
    for (const url of [`/oauth2/appToAppAuth?app_id=${channel.clientId}&redirect_uri=http%3a%2f%2flocalhost%3a8087%2fother`, authorizeUrl(pending)]) {
      const res = await t.http().get(url).expect(400);
      expect(res.headers.location).toBeUndefined();
    }
  });
});
