import { startTestApp, TestApp } from '../support/app';
import { loginAndAuthorize } from '../support/browser-flow';
import { readEnvelope, rsaPair, RsaPair, sopGateway, sopParams } from '../support/dialects';
import { ALICE, basicAuth, createClient, createUser, TestClient } from '../support/fixtures';
import { redeemCode } from '../support/tokens';

/**
 * Issue 14, finding 5: a code carries the route (dialect) that issued it, and is redeemed only at
 * that dialect's token route, so that each relaxation (seed 000/001: no redirect_uri at the token
 * step; seed 003: 24-hour codes) applies only to codes of its own dialect. appToAppAuth serves
 * only seed-003 apps (a channel with an RSA key), the only ones its codes could be redeemed by.
 */
describe('codes are bound to the dialect that issued them (issue 14 #5)', () => {
  let t: TestApp;
  let channel: TestClient;
  let sopApp: RsaPair;
  let sopChannel: TestClient;
  let platformKey: string;

  beforeAll(async () => {
    t = await startTestApp();
    await createUser(t, ALICE);
    channel = await createClient(t, { scope: 'user_id_read profile snsapi_login' });
    sopApp = rsaPair();
    sopChannel = await createClient(t, { sop_public_key: sopApp.publicKey, access_token_ttl: -1, refresh_token_ttl: -1 });
    platformKey = (await t.http().get('/sop/platform-key').expect(200)).text;
  });
  afterAll(() => t.close());

  async function codeFrom(url: string): Promise<string> {
    const result = await loginAndAuthorize(t, { url });
    if (!result.code) throw new Error(`no code: ${result.location}`);
    return result.code;
  }
  const q = (params: Record<string, string>) => new URLSearchParams(params).toString();
  const standard = (c: TestClient) => `/oauth2/authorize?${q({ response_type: 'code', client_id: c.clientId, redirect_uri: c.redirectUri, scope: 'user_id_read', state: 's' })}`;
  const listener = (c: TestClient) => `/authorize.html?${q({ response_type: 'code', channel_id: c.clientId, redirect_uri: c.redirectUri, scope: 'user_id_read', state: 's' })}`;
  const mall = (c: TestClient) => `/v1/oauth2/authorize?${q({ response_type: 'code', client_id: c.clientId, redirect_uri: c.redirectUri, state: 's' })}`;
  const liuyuan = (c: TestClient) => `/index.php?${q({ app: 'authorize', response_type: 'code', client_id: c.clientId, redirect_uri: c.redirectUri, state: 's' })}`;
  const authserver = (c: TestClient) => `/authorize?${q({ response_type: 'code', client_id: c.clientId, redirect_uri: c.redirectUri, scope: 'snsapi_login', state: 's' })}`;
  const appToApp = (c: TestClient) => `/oauth2/appToAppAuth?${q({ app_id: c.clientId, redirect_uri: c.redirectUri })}`;

  const atListener = (c: TestClient, code: string) => t.http().get('/access_token').query({ channel_id: c.clientId, token: c.clientSecret!, code, grant_type: 'authorization_code' });
  const atLiuyuan = (c: TestClient, code: string) => t.http().post('/index.php?app=token').set('Authorization', basicAuth(c.clientId, c.clientSecret!))
    .type('form').send({ grant_type: 'authorization_code', code });
  const atMall = (c: TestClient, code: string) => t.http().post('/v1/oauth2/accessToken').type('form')
    .send({ client_id: c.clientId, client_secret: c.clientSecret!, grant_type: 'authorization_code', code, redirect_uri: c.redirectUri });
  const atAuthserver = (c: TestClient, code: string) => t.http().get('/oauth2/access_token')
    .query({ client_id: c.clientId, client_secret: c.clientSecret!, grant_type: 'authorization_code', code, redirect_uri: c.redirectUri });
  const atGateway = async (c: TestClient, code: string) => readEnvelope((await sopGateway(t, sopParams(c.clientId, sopApp.privateKey, { grant_type: 'authorization_code', code }))).text, platformKey);

  it('#5 a code of the standard /oauth2/authorize (with redirect_uri) is refused at seed 000 /access_token, which sends none: invalid_grant', async () => {
    const res = await atListener(channel, await codeFrom(standard(channel))).expect(400);
    expect(res.body.error).toBe('invalid_grant');
  });

  it('#5 … and at seed 001 /index.php?app=token: invalid_grant', async () => {
    const res = await atLiuyuan(channel, await codeFrom(standard(channel))).expect(400);
    expect(res.body.error).toBe('invalid_grant');
  });

  it('#5 a 24-hour /oauth2/appToAppAuth code is refused at the standard token endpoint (invalid_grant), and not replayable at the gateway', async () => {
    const code = await codeFrom(appToApp(sopChannel));
    const res = await redeemCode(t, sopChannel, code).expect(400);
    expect(res.body.error).toBe('invalid_grant');
  });

  it('#5 an appToAppAuth code works at the seed-003 gateway', async () => {
    const envelope = await atGateway(sopChannel, await codeFrom(appToApp(sopChannel)));
    expect(envelope.response.code).toBe('10000');
  });

  it('#5 a standard code is refused at the seed-003 gateway (isv.code-invalid)', async () => {
    const envelope = await atGateway(sopChannel, await codeFrom(standard(sopChannel)));
    expect(envelope.response.sub_code).toBe('isv.code-invalid');
  });

  it('#5 /oauth2/appToAppAuth serves only seed-003 apps: a channel without sop_public_key gets the error page, never a redirect', async () => {
    const res = await t.http().get(appToApp(channel)).expect(400);
    expect(res.headers.location).toBeUndefined();
    expect(res.text).toContain('sop_public_key');
  });

  it.each([
    ['seed 000', 'standard /oauth2/token', listener, (c: TestClient, code: string) => redeemCode(t, c, code)],
    ['seed 001', 'standard /oauth2/token', liuyuan, (c: TestClient, code: string) => redeemCode(t, c, code)],
    ['seed 002', 'standard /oauth2/token', mall, (c: TestClient, code: string) => redeemCode(t, c, code)],
    ['seed 004 /authorize', 'standard /oauth2/token', authserver, (c: TestClient, code: string) => redeemCode(t, c, code)],
    ['seed 000', 'seed 002', listener, atMall],
    ['seed 002', 'seed 000', mall, atListener],
    ['standard', 'seed 002', standard, atMall],
    ['seed 001', 'seed 004', liuyuan, atAuthserver],
  ])('#5 a %s code is refused at the %s token route: invalid_grant', async (_from, _at, authorize, redeem) => {
    const res = await redeem(channel, await codeFrom(authorize(channel)));
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('invalid_grant');
  });

  it.each([
    ['standard', 'standard /oauth2/token', standard, (c: TestClient, code: string) => redeemCode(t, c, code)],
    ['standard (seed 004 documents /oauth2/authorize)', 'seed 004', standard, atAuthserver],
    ['seed 004 /authorize', 'seed 004', authserver, atAuthserver],
    ['seed 000', 'seed 000', listener, atListener],
    ['seed 001', 'seed 001', liuyuan, atLiuyuan],
    ['seed 002', 'seed 002', mall, atMall],
  ])('#5 a %s code is redeemed at the %s token route', async (_from, _at, authorize, redeem) => {
    const res = await redeem(channel, await codeFrom(authorize(channel)));
    expect(res.status).toBe(200);
    expect(res.body.access_token).toEqual(expect.any(String));
  });
});
