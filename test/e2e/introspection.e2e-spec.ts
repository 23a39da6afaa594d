import { PairwiseSubject, UsersService } from '../../libs/accounts/src';
import { startTestApp, TestApp } from '../support/app';
import { ALICE, basicAuth, BOB, createClient, createUser, TestClient } from '../support/fixtures';
import { introspect, me, obtainTokens, refresh, revoke, sleep } from '../support/tokens';

describe('POST /oauth2/introspect (RFC 7662)', () => {
  let t: TestApp;
  let client: TestClient;
  let other: TestClient;
  let aliceId: string;
  beforeAll(async () => {
    t = await startTestApp();
    client = await createClient(t);
    other = await createClient(t);
    aliceId = (await createUser(t, ALICE)).id;
  });
  afterAll(async () => { await t.close(); });

  it('describes an active access token; sub is the user\'s pairwise openid for the client', async () => {
    const before = Math.floor(Date.now() / 1000);
    const tokens = await obtainTokens(t, client, aliceId);
    const res = await introspect(t, client, tokens.access_token).expect(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body).toEqual({
      active: true, scope: 'user_id_read profile', client_id: client.clientId, username: ALICE.username,
      sub: await t.app.get(PairwiseSubject).openidFor(aliceId, client.clientId), token_type: 'Bearer',
      exp: expect.any(Number), iat: expect.any(Number), aud: `${t.config.server.issuer}/api`, iss: t.config.server.issuer,
    });
    expect(res.body.iat).toBeGreaterThanOrEqual(before);
    expect(res.body.exp - res.body.iat).toBe(3600);
    expect(res.body.sub).toBe((await me(t, tokens.access_token).expect(200)).body.openid);
  });

  it('describes an active refresh token (no token_type: it is not a bearer token)', async () => {
    const tokens = await obtainTokens(t, client, aliceId);
    const info = (await introspect(t, client, tokens.refresh_token!, { token_type_hint: 'refresh_token' }).expect(200)).body;
    expect(info).toMatchObject({ active: true, client_id: client.clientId, scope: 'user_id_read profile', username: ALICE.username });
    expect(info.token_type).toBeUndefined();
  });

  it('#35 a revoked token → {active:false} and nothing else', async () => {
    const tokens = await obtainTokens(t, client, aliceId);
    await revoke(t, client, tokens.access_token).expect(200);
    expect((await introspect(t, client, tokens.access_token).expect(200)).body).toEqual({ active: false });
  });

  it('#35 a rotated refresh token and an unknown token → {active:false}', async () => {
    const tokens = await obtainTokens(t, client, aliceId);
    await refresh(t, client, tokens.refresh_token!).expect(200);
    expect((await introspect(t, client, tokens.refresh_token!).expect(200)).body).toEqual({ active: false });
    expect((await introspect(t, client, 'gha_unknown').expect(200)).body).toEqual({ active: false });
  });

  it('a client may introspect only its own tokens: another client\'s token → {active:false}', async () => {
    const tokens = await obtainTokens(t, client, aliceId);
    expect((await introspect(t, other, tokens.access_token).expect(200)).body).toEqual({ active: false });
    expect((await introspect(t, client, tokens.access_token).expect(200)).body.active).toBe(true);
  });

  it('a token of a disabled user → {active:false}', async () => {
    const bob = await createUser(t, BOB);
    const tokens = await obtainTokens(t, client, bob.id);
    await t.app.get(UsersService).update(bob.id, { disabled: true }, { actor: 'test' });
    expect((await introspect(t, client, tokens.access_token).expect(200)).body).toEqual({ active: false });
  });

  it('#35 needs caller authentication as a confidential client', async () => {
    const tokens = await obtainTokens(t, client, aliceId);
    const anonymous = await t.http().post('/oauth2/introspect').type('form').send({ token: tokens.access_token }).expect(401);
    expect(anonymous.body.error).toBe('invalid_client');
    const wrong = await t.http().post('/oauth2/introspect').type('form').set('Authorization', basicAuth(client.clientId, 'ghs_wrong'))
      .send({ token: tokens.access_token }).expect(401);
    expect(wrong.headers['www-authenticate']).toMatch(/^Basic /);
    const pub = await createClient(t, { token_endpoint_auth_method: 'none', grant_types: ['authorization_code', 'refresh_token'] });
    const pubTokens = await obtainTokens(t, pub, aliceId);
    const byPublic = await introspect(t, pub, pubTokens.access_token).expect(401);
    expect(byPublic.body.error).toBe('invalid_client');
  });

  it('a missing token → invalid_request', async () => {
    const res = await t.http().post('/oauth2/introspect').type('form').set('Authorization', basicAuth(client.clientId, client.clientSecret!)).send({}).expect(400);
    expect(res.body.error).toBe('invalid_request');
  });
});

describe('#35 introspection of expired tokens', () => {
  it('#35 an access token past ACCESS_TOKEN_TTL → {active:false}', async () => {
    const t = await startTestApp({ env: { ACCESS_TOKEN_TTL: '1' } });
    try {
      const client = await createClient(t);
      const tokens = await obtainTokens(t, client, (await createUser(t, ALICE)).id);
      expect(tokens.expires_in).toBe(1);
      expect((await introspect(t, client, tokens.access_token).expect(200)).body.active).toBe(true);
      await sleep(1100);
      expect((await introspect(t, client, tokens.access_token).expect(200)).body).toEqual({ active: false });
      await me(t, tokens.access_token).expect(401);
      await refresh(t, client, tokens.refresh_token!).expect(200);
    } finally {
      await t.close();
    }
  });
});
