import { AuthorizationCodeEntity } from '../../libs/persistence/src';
import { sha256Hex } from '../../libs/common/src';
import { startTestApp, TestApp } from '../support/app';
import { loginAndAuthorize } from '../support/browser-flow';
import { expectNotLogged } from '../support/dialects';
import { ALICE, createClient, createUser, TestClient } from '../support/fixtures';
import { me } from '../support/tokens';

/** Seed 002 "mall": every call of 002_mall_oauth2.md, exactly as written, over the core. */
describe('seed 002 mall dialect', () => {
  let t: TestApp;
  let channel: TestClient;
  beforeAll(async () => {
    t = await startTestApp();
    await createUser(t, ALICE);
    channel = await createClient(t);
  });
  afterAll(async () => { await t.close(); });

  const authorizeUrl = (c: TestClient, over: Record<string, string> = {}) =>
    `/v1/oauth2/authorize?${new URLSearchParams({ response_type: 'code', client_id: c.clientId, redirect_uri: c.redirectUri, state: 'bb38108d1aaf567c72da0f1167e87142d0e20cb2bb24ec5a', ...over })}`;
  const codeFor = async (c: TestClient) => {
    const result = await loginAndAuthorize(t, { url: authorizeUrl(c) });
    if (!result.code) throw new Error(`no code: ${result.location}`);
    return result.code;
  };
  const accessToken = (c: TestClient, code: string, over: Record<string, string> = {}) => t.http().post('/v1/oauth2/accessToken').type('form').send({
    client_id: c.clientId, client_secret: c.clientSecret!, redirect_uri: c.redirectUri, grant_type: 'authorization_code', code, ...over,
  });
  const refreshToken = (c: TestClient, token: string, over: Record<string, string> = {}) => t.http().post('/v1/oauth2/refreshToken').type('form').send({
    client_id: c.clientId, client_secret: c.clientSecret!, grant_type: 'refresh_token', refresh_token: token, ...over,
  });

  it('step 1-2: /v1/oauth2/authorize → login and consent → redirect_uri?code=…&state=…', async () => {
    const result = await loginAndAuthorize(t, { url: authorizeUrl(channel) });
    expect(result.location.startsWith(`${channel.redirectUri}?`)).toBe(true);
    expect(result.code).toEqual(expect.any(String));
    expect(result.state).toBe('bb38108d1aaf567c72da0f1167e87142d0e20cb2bb24ec5a');
  });

  it('step 3: POST /v1/oauth2/accessToken → the standard token JSON plus openid; step 4: getOpenId answers the same openid', async () => {
    const code = await codeFor(channel);
    const res = await accessToken(channel, code).expect(200);
    expect(res.headers['cache-control']).toContain('no-store');
    expect(res.body).toEqual({
      access_token: expect.any(String), token_type: 'Bearer', expires_in: 3600, refresh_token: expect.any(String),
      scope: 'user_id_read profile', openid: expect.any(String),
    });
    const open = await t.http().get(`/v1/oauth2/getOpenId?access_token=${res.body.access_token}`).expect(200);
    expect(open.body).toEqual({ openid: res.body.openid });
    expect((await me(t, res.body.access_token).expect(200)).body.openid).toBe(res.body.openid);
    expectNotLogged(t, [channel.clientSecret!, code, res.body.access_token, res.body.refresh_token]);
  });

  it('a JSON body is accepted too', async () => {
    const code = await codeFor(channel);
    const res = await t.http().post('/v1/oauth2/accessToken').send({
      client_id: channel.clientId, client_secret: channel.clientSecret, redirect_uri: channel.redirectUri, grant_type: 'authorization_code', code,
    }).expect(200);
    expect(res.body.openid).toEqual(expect.any(String));
  });

  it('codes issued here live 30 seconds; an expired one → invalid_grant', async () => {
    const code = await codeFor(channel);
    const repo = t.dataSource.getRepository(AuthorizationCodeEntity);
    const row = await repo.findOneByOrFail({ codeHash: sha256Hex(code) });
    const lifetime = (row.expiresAt.getTime() - Date.now()) / 1000;
    expect(lifetime).toBeGreaterThan(25);
    expect(lifetime).toBeLessThanOrEqual(30);
    await repo.update({ id: row.id }, { expiresAt: new Date(Date.now() - 1000) });
    const res = await accessToken(channel, code).expect(400);
    expect(res.body).toEqual({ error: 'invalid_grant', error_description: expect.any(String) });
  });

  it('#18 codes are single use: the second redemption fails and revokes the first tokens', async () => {
    const code = await codeFor(channel);
    const first = await accessToken(channel, code).expect(200);
    expect((await accessToken(channel, code).expect(400)).body.error).toBe('invalid_grant');
    expect((await t.http().get('/v1/oauth2/getOpenId').query({ access_token: first.body.access_token }).expect(401)).body.error).toBe('invalid_token');
  });

  it('#22 redirect_uri must equal the one of step 1', async () => {
    const code = await codeFor(channel);
    expect((await accessToken(channel, code, { redirect_uri: 'https://app.example/other' }).expect(400)).body.error).toBe('invalid_grant');
    const code2 = await codeFor(channel);
    const noRedirect = await t.http().post('/v1/oauth2/accessToken').type('form')
      .send({ client_id: channel.clientId, client_secret: channel.clientSecret!, grant_type: 'authorization_code', code: code2 }).expect(400);
    expect(noRedirect.body.error).toBe('invalid_grant');
  });

  it('#25 a wrong client_secret → 401 invalid_client', async () => {
    const code = await codeFor(channel);
    const res = await accessToken(channel, code, { client_secret: 'wrong' }).expect(401);
    expect(res.body).toEqual({ error: 'invalid_client', error_description: expect.any(String) });
  });

  it('step 5: refreshToken rotates; #31 replaying the old refresh token revokes the family', async () => {
    const code = await codeFor(channel);
    const first = await accessToken(channel, code).expect(200);
    const second = await refreshToken(channel, first.body.refresh_token).expect(200);
    expect(second.body).toMatchObject({ access_token: expect.any(String), token_type: 'Bearer', expires_in: 3600, refresh_token: expect.any(String) });
    expect(second.body.refresh_token).not.toBe(first.body.refresh_token);
    const replay = await refreshToken(channel, first.body.refresh_token).expect(400);
    expect(replay.body).toEqual({ error: 'invalid_grant', error_description: expect.any(String) });
    expect((await refreshToken(channel, second.body.refresh_token).expect(400)).body.error).toBe('invalid_grant');
    await t.http().get('/v1/oauth2/getOpenId').query({ access_token: second.body.access_token }).expect(401);
  });

  it('#33 a refresh token is bound to its channel; a wrong secret is invalid_client', async () => {
    const other = await createClient(t);
    const { body } = await accessToken(channel, await codeFor(channel)).expect(200);
    expect((await refreshToken(other, body.refresh_token).expect(400)).body.error).toBe('invalid_grant');
    expect((await refreshToken(channel, body.refresh_token, { client_secret: 'wrong' }).expect(401)).body.error).toBe('invalid_client');
  });

  it('#2 an unapproved channel or an unregistered redirect_uri gets the error page', async () => {
    const pending = await createClient(t, {}, { approve: false });
    for (const url of [authorizeUrl(pending), authorizeUrl(channel, { redirect_uri: 'https://www.baidu.com/' })]) {
      const res = await t.http().get(url).expect(400);
      expect(res.headers.location).toBeUndefined();
    }
  });

  it('bad input gets {error, error_description}, never a 500', async () => {
    expect((await t.http().post('/v1/oauth2/accessToken').set('Content-Type', 'text/plain').send('x').expect(400)).body.error).toBe('invalid_request');
    expect((await t.http().post('/v1/oauth2/accessToken').send({ client_id: 1, code: ['a'] }).expect(400)).body.error).toBe('invalid_request');
    expect((await t.http().post('/v1/oauth2/accessToken').send([1, 2]).expect(400)).body.error).toBe('invalid_request');
    expect((await accessToken(channel, 'x', { grant_type: 'refresh_token' }).expect(400)).body.error).toBe('unsupported_grant_type');
    expect((await t.http().get('/v1/oauth2/getOpenId').expect(401)).body.error).toBe('invalid_token');
  });
});
