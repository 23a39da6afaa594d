import { startTestApp, TestApp } from '../support/app';
import { loginAndAuthorize } from '../support/browser-flow';
import { ALICE, createClient, createUser, TestClient } from '../support/fixtures';
import { rpAuthorizationUrl, rpFinish, verifyWithJwks } from '../support/oidc';
import { me } from '../support/tokens';

describe('OpenID Connect code flow through openid-client (OIDC Core §3.1)', () => {
  let t: TestApp;
  let base: string;
  let rp: TestClient;
  beforeAll(async () => {
    t = await startTestApp();
    base = await t.listen();
    await createUser(t, ALICE);
    rp = await createClient(t, { scope: 'openid profile user_id_read' });
  });
  afterAll(async () => { await t.close(); });

  it('logs in with discovery alone, validates the ID Token with jose against the JWKS, and reads userinfo', async () => {
    const issuer = t.config.server.issuer;
    const common = { base, issuer, clientId: rp.clientId, clientSecret: rp.clientSecret! };
    const start = await rpAuthorizationUrl({ ...common, redirectUri: rp.redirectUri, scope: 'openid profile' });
    const url = new URL(start.url);
    expect(url.origin).toBe(new URL(issuer).origin);
    const browser = await loginAndAuthorize(t, { url: `${url.pathname}${url.search}` });
    expect(browser.loginShown).toBe(true);
    expect(browser.code).toBeDefined();

    const out = await rpFinish({ ...common, callback: browser.location, start });
    expect(out.claims).toMatchObject({ iss: issuer, aud: rp.clientId, nonce: start.nonce, amr: ['pwd'] });
    expect(out.claims.auth_time).toEqual(expect.any(Number));
    expect(out.claims.at_hash).toEqual(expect.any(String));
    expect(out.verified.protectedHeader).toMatchObject({ alg: 'RS256', kid: expect.any(String), typ: 'JWT' });

    // sub is the pairwise openid of PRODUCT.md: the same value /api/v1/me reports for this client.
    const profile = await me(t, out.tokens.access_token).expect(200);
    expect(out.claims.sub).toBe(profile.body.openid);
    expect(out.userinfo).toEqual({ sub: profile.body.openid, preferred_username: ALICE.username, name: ALICE.displayName });
  });

  it('gives no ID Token without the openid scope', async () => {
    const browser = await loginAndAuthorize(t, { clientId: rp.clientId, redirectUri: rp.redirectUri, scope: 'profile' });
    const res = await t.http().post('/oauth2/token').type('form').auth(rp.clientId, rp.clientSecret!)
      .send({ grant_type: 'authorization_code', code: browser.code!, redirect_uri: rp.redirectUri }).expect(200);
    expect(res.body.id_token).toBeUndefined();
  });

  it('serves discovery and a JWKS with public keys only', async () => {
    const issuer = t.config.server.issuer;
    const doc = (await t.http().get('/.well-known/openid-configuration').expect(200)).body;
    expect(doc).toMatchObject({
      issuer,
      authorization_endpoint: `${issuer}/oauth2/authorize`,
      token_endpoint: `${issuer}/oauth2/token`,
      userinfo_endpoint: `${issuer}/oauth2/userinfo`,
      jwks_uri: `${issuer}/oauth2/jwks`,
      response_types_supported: ['code'],
      subject_types_supported: ['pairwise'],
      id_token_signing_alg_values_supported: ['RS256'],
      code_challenge_methods_supported: ['S256'],
    });
    expect(doc.scopes_supported).toEqual(expect.arrayContaining(['openid', 'profile']));
    expect(doc.grant_types_supported).not.toContain('password');
    const jwks = (await t.http().get('/oauth2/jwks').expect(200)).body;
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0]).toMatchObject({ kty: 'RSA', kid: expect.any(String), alg: 'RS256', use: 'sig' });
    for (const member of ['d', 'p', 'q', 'dp', 'dq', 'qi']) expect(jwks.keys[0]).not.toHaveProperty(member);
  });

  it('refuses userinfo without a valid bearer token, or without the openid scope', async () => {
    const none = await t.http().get('/oauth2/userinfo').expect(401);
    expect(none.body.error).toBe('invalid_token');
    expect(none.headers['www-authenticate']).toMatch(/^Bearer .*error="invalid_token"/);
    const bad = await t.http().post('/oauth2/userinfo').set('Authorization', 'Bearer nope').expect(401);
    expect(bad.body.error).toBe('invalid_token');
    const browser = await loginAndAuthorize(t, { clientId: rp.clientId, redirectUri: rp.redirectUri, scope: 'profile' });
    const res = await t.http().post('/oauth2/token').type('form').auth(rp.clientId, rp.clientSecret!)
      .send({ grant_type: 'authorization_code', code: browser.code!, redirect_uri: rp.redirectUri }).expect(200);
    const scoped = await t.http().get('/oauth2/userinfo').set('Authorization', `Bearer ${res.body.access_token}`).expect(403);
    expect(scoped.body.error).toBe('insufficient_scope');
  });

  it('stores the signing key encrypted at rest', async () => {
    const rows = await t.dataSource.query("SELECT private_material FROM server_keys WHERE kind = 'signing'");
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(row.private_material).toMatch(/^v1\./);
      expect(row.private_material).not.toContain('PRIVATE KEY');
    }
  });

  it('validates an ID Token issued through the plain token endpoint with jose', async () => {
    const browser = await loginAndAuthorize(t, { clientId: rp.clientId, redirectUri: rp.redirectUri, scope: 'openid', extra: { nonce: 'n-0S6_WzA2Mj' } });
    const res = await t.http().post('/oauth2/token').type('form').auth(rp.clientId, rp.clientSecret!)
      .send({ grant_type: 'authorization_code', code: browser.code!, redirect_uri: rp.redirectUri }).expect(200);
    const { payload } = await verifyWithJwks(base, t.config.server.issuer, res.body.id_token, { audience: rp.clientId });
    expect(payload).toMatchObject({ nonce: 'n-0S6_WzA2Mj', aud: rp.clientId });
    expect((payload.exp as number) - (payload.iat as number)).toBe(600);
  });
});
