import { adminToken, bearer } from '../support/admin';
import { startTestApp, TestApp } from '../support/app';
import { ALICE, createClient, createUser, TestClient } from '../support/fixtures';
import { verifyWithJwks } from '../support/oidc';
import { clientCredentials, introspect, me, obtainTokens, redeemCode, issueCode, refresh, revoke } from '../support/tokens';

describe('JWT access tokens (RFC 9068) and resource indicators (RFC 8707)', () => {
  let t: TestApp;
  let base: string;
  let jwtClient: TestClient;
  let opaqueClient: TestClient;
  let aliceId: string;
  const api = () => `${t.config.server.issuer}/api`;
  const verify = (token: string, audience = api()) => verifyWithJwks(base, t.config.server.issuer, token, { audience, typ: 'at+jwt' });

  beforeAll(async () => {
    t = await startTestApp();
    base = await t.listen();
    aliceId = (await createUser(t, ALICE)).id;
    jwtClient = await createClient(t, { scope: 'openid user_id_read profile', token_format: 'jwt' });
    opaqueClient = await createClient(t, { scope: 'user_id_read profile' });
  });
  afterAll(async () => { await t.close(); });

  it('issues a JWT that validates against the JWKS with typ at+jwt, iss, aud, sub, client_id, scope, jti', async () => {
    const authTime = new Date(Date.now() - 5000);
    const code = await issueCode(t, jwtClient, aliceId, { authTime });
    const tokens = (await redeemCode(t, jwtClient, code).expect(200)).body;
    const { payload, protectedHeader } = await verify(tokens.access_token);
    expect(protectedHeader.typ).toBe('at+jwt');
    const meBody = (await me(t, tokens.access_token).expect(200)).body;
    expect(payload).toMatchObject({
      iss: t.config.server.issuer, aud: api(), sub: meBody.openid, client_id: jwtClient.clientId, scope: 'user_id_read profile',
      auth_time: Math.floor(authTime.getTime() / 1000),
    });
    expect(typeof payload.jti).toBe('string');
    expect((payload.exp as number) - (payload.iat as number)).toBe(tokens.expires_in);
  });

  it('works at /api/v1/me, introspects active, and once revoked gets 401 and introspects inactive', async () => {
    const tokens = await obtainTokens(t, jwtClient, aliceId);
    expect((await me(t, tokens.access_token).expect(200)).body.user_id).toBe(aliceId);
    const active = (await introspect(t, jwtClient, tokens.access_token).expect(200)).body;
    expect(active).toMatchObject({ active: true, client_id: jwtClient.clientId, aud: api() });
    await revoke(t, jwtClient, tokens.access_token).expect(200);
    const res = await me(t, tokens.access_token).expect(401);
    expect(res.headers['www-authenticate']).toContain('error="invalid_token"');
    expect((await introspect(t, jwtClient, tokens.access_token).expect(200)).body).toEqual({ active: false });
  });

  it('#39 a client_credentials JWT has sub "client:<client_id>" and no user', async () => {
    // profile describes a user: never granted here; with no scope the token carries none of the channel's (all user scopes).
    expect((await clientCredentials(t, jwtClient, { scope: 'profile' }).expect(400)).body.error).toBe('invalid_scope');
    const body = (await clientCredentials(t, jwtClient).expect(200)).body;
    expect(body.scope).toBe('');
    const { payload } = await verify(body.access_token);
    expect(payload.sub).toBe(`client:${jwtClient.clientId}`);
    expect(payload.auth_time).toBeUndefined();
    expect((await me(t, body.access_token).expect(403)).headers['www-authenticate']).toContain('insufficient_scope');
  });

  it('#37 resource sets aud; the resource API refuses a token minted for another audience', async () => {
    const code = await issueCode(t, jwtClient, aliceId);
    const other = 'https://reports.example/api';
    const tokens = (await redeemCode(t, jwtClient, code, { resource: other }).expect(200)).body;
    expect((await verify(tokens.access_token, other)).payload.aud).toBe(other);
    await me(t, tokens.access_token).expect(401);
    const rotated = (await refresh(t, jwtClient, tokens.refresh_token, { resource: api() }).expect(200)).body;
    expect((await verify(rotated.access_token)).payload.aud).toBe(api());
    await me(t, rotated.access_token).expect(200);
    const cc = (await clientCredentials(t, opaqueClient, { resource: other }).expect(200)).body;
    expect((await introspect(t, opaqueClient, cc.access_token).expect(200)).body.aud).toBe(other);
  });

  it('an invalid resource gets invalid_target and leaves the code unused', async () => {
    const code = await issueCode(t, jwtClient, aliceId);
    for (const resource of ['reports', '/api', 'https://reports.example/api#frag', 'ftp://reports.example/', 'https://u:p@reports.example/']) {
      const res = await redeemCode(t, jwtClient, code, { resource }).expect(400);
      expect(res.body.error).toBe('invalid_target');
      expect((await clientCredentials(t, jwtClient, { resource }).expect(400)).body.error).toBe('invalid_target');
    }
    await redeemCode(t, jwtClient, code).expect(200);
  });

  it('opaque channels keep opaque tokens; PATCH token_format switches a channel to JWT', async () => {
    const opaque = await obtainTokens(t, opaqueClient, aliceId);
    expect(opaque.access_token.startsWith('gha_')).toBe(true);
    const admin = await adminToken(t);
    const channel = await createClient(t, { scope: 'user_id_read' });
    await t.http().patch(`/api/admin/clients/${channel.clientId}`).set('Authorization', bearer(admin)).send({ token_format: 'jwt' }).expect(200);
    const jwt = (await clientCredentials(t, channel).expect(200)).body.access_token as string;
    expect((await verify(jwt)).payload.client_id).toBe(channel.clientId);
  });
});
