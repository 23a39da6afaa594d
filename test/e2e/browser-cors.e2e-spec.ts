import { startTestApp, TestApp } from '../support/app';
import { adminToken, bearer } from '../support/admin';
import { ALICE, createClient, createUser, TestClient } from '../support/fixtures';
import { issueCode, pkcePair } from '../support/tokens';

const SPA = 'https://spa.example';
const OTHER_SPA = 'https://other-spa.example';
const EVIL = 'https://evil.example';

describe('browser apps: CORS on token, revoke and userinfo for a channel\'s allowed_origins', () => {
  let t: TestApp;
  let spa: TestClient;
  let other: TestClient;
  let confidential: TestClient;
  let aliceId: string;
  let admin: string;
  beforeAll(async () => {
    t = await startTestApp();
    aliceId = (await createUser(t, ALICE)).id;
    spa = await createClient(t, { token_endpoint_auth_method: 'none', grant_types: ['authorization_code', 'refresh_token'], redirect_uris: [`${SPA}/callback`], scope: 'openid profile' });
    other = await createClient(t, { token_endpoint_auth_method: 'none', grant_types: ['authorization_code'], redirect_uris: [`${OTHER_SPA}/cb`] });
    confidential = await createClient(t, { redirect_uris: [`${SPA}/server-cb`] });
    admin = await adminToken(t);
  });
  afterAll(async () => { await t.close(); });

  async function spaTokens(): Promise<{ access_token: string; refresh_token: string }> {
    const pkce = pkcePair();
    const code = await issueCode(t, spa, aliceId, { scopes: ['openid', 'profile'], codeChallenge: pkce.challenge, codeChallengeMethod: 'S256' });
    const res = await t.http().post('/oauth2/token').type('form').set('Origin', SPA)
      .send({ grant_type: 'authorization_code', code, redirect_uri: spa.redirectUri, client_id: spa.clientId, code_verifier: pkce.verifier }).expect(200);
    expect(res.headers['access-control-allow-origin']).toBe(SPA);
    return res.body;
  }

  it('defaults a public client\'s allowed_origins to its redirect URI origins; a confidential client has none', async () => {
    expect(spa.client.allowed_origins).toEqual([SPA]);
    expect(spa.client.allowed_origins_default).toBe(true);
    expect(confidential.client.allowed_origins).toEqual([]);
  });

  it.each(['/oauth2/token', '/oauth2/revoke', '/oauth2/userinfo'])('answers the preflight on %s with 204 for an allowed origin, never with credentials', async (path) => {
    const res = await t.http().options(path).set('Origin', SPA).set('Access-Control-Request-Method', 'POST')
      .set('Access-Control-Request-Headers', 'authorization,content-type').expect(204);
    expect(res.headers['access-control-allow-origin']).toBe(SPA);
    expect(res.headers['access-control-allow-methods']).toContain('POST');
    expect(res.headers['access-control-allow-headers']).toMatch(/Authorization/i);
    expect(res.headers['access-control-max-age']).toBe('600');
    expect(res.headers['access-control-allow-credentials']).toBeUndefined();
    expect(res.headers.vary).toMatch(/Origin/);
  });

  it('gives an origin no channel allows no CORS headers (preflight still 204)', async () => {
    for (const path of ['/oauth2/token', '/oauth2/revoke', '/oauth2/userinfo']) {
      const res = await t.http().options(path).set('Origin', EVIL).set('Access-Control-Request-Method', 'POST').expect(204);
      expect(res.headers['access-control-allow-origin']).toBeUndefined();
    }
    // A confidential client's redirect URI origin is not allowed by default.
    const conf = await t.http().options('/oauth2/token').set('Origin', 'https://app.example').set('Access-Control-Request-Method', 'POST').expect(204);
    expect(conf.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('the token response is readable only from the authenticated client\'s origin', async () => {
    await spaTokens();
    // Same request from another channel's origin: the code exchange may run, but the browser may not read it.
    const pkce = pkcePair();
    const code = await issueCode(t, spa, aliceId, { codeChallenge: pkce.challenge, codeChallengeMethod: 'S256' });
    const res = await t.http().post('/oauth2/token').type('form').set('Origin', OTHER_SPA)
      .send({ grant_type: 'authorization_code', code, redirect_uri: spa.redirectUri, client_id: spa.clientId, code_verifier: pkce.verifier });
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    expect(res.headers['access-control-allow-credentials']).toBeUndefined();
  });

  it('a token error after client authentication is readable by the client\'s origin (the app can show it)', async () => {
    const res = await t.http().post('/oauth2/token').type('form').set('Origin', SPA)
      .send({ grant_type: 'authorization_code', code: 'not-a-code', redirect_uri: spa.redirectUri, client_id: spa.clientId, code_verifier: 'x'.repeat(43) }).expect(400);
    expect(res.body.error).toBe('invalid_grant');
    expect(res.headers['access-control-allow-origin']).toBe(SPA);
  });

  it('userinfo answers the token\'s client\'s origin, not another one; revoke likewise', async () => {
    const tokens = await spaTokens();
    const ok = await t.http().get('/oauth2/userinfo').set('Origin', SPA).set('Authorization', `Bearer ${tokens.access_token}`).expect(200);
    expect(ok.headers['access-control-allow-origin']).toBe(SPA);
    expect(ok.body.sub).toEqual(expect.any(String));
    const foreign = await t.http().get('/oauth2/userinfo').set('Origin', OTHER_SPA).set('Authorization', `Bearer ${tokens.access_token}`).expect(200);
    expect(foreign.headers['access-control-allow-origin']).toBeUndefined();

    const revoked = await t.http().post('/oauth2/revoke').type('form').set('Origin', SPA)
      .send({ token: tokens.refresh_token, client_id: spa.clientId }).expect(200);
    expect(revoked.headers['access-control-allow-origin']).toBe(SPA);
    expect(revoked.body).toEqual({});
  });

  it('no CORS on introspection, authorize or the admin API', async () => {
    for (const path of ['/oauth2/introspect', '/oauth2/authorize', '/api/admin/clients']) {
      const res = await t.http().options(path).set('Origin', SPA).set('Access-Control-Request-Method', 'POST');
      expect(res.headers['access-control-allow-origin']).toBeUndefined();
    }
  });

  it('discovery and the JWKS are open to any origin', async () => {
    for (const path of ['/.well-known/openid-configuration', '/.well-known/oauth-authorization-server', '/oauth2/jwks']) {
      const res = await t.http().get(path).set('Origin', EVIL).expect(200);
      expect(res.headers['access-control-allow-origin']).toBe('*');
    }
  });

  it('PATCH /api/admin/clients/{id} sets, empties and resets allowed_origins; the new origin works at once', async () => {
    const path = `/api/admin/clients/${confidential.clientId}`;
    const set = await t.http().patch(path).set('Authorization', bearer(admin)).send({ allowed_origins: ['https://dash.example', 'http://localhost:5173'] }).expect(200);
    expect(set.body).toMatchObject({ allowed_origins: ['https://dash.example', 'http://localhost:5173'], allowed_origins_default: false });
    const pre = await t.http().options('/oauth2/token').set('Origin', 'https://dash.example').set('Access-Control-Request-Method', 'POST').expect(204);
    expect(pre.headers['access-control-allow-origin']).toBe('https://dash.example');

    const none = await t.http().patch(`/api/admin/clients/${spa.clientId}`).set('Authorization', bearer(admin)).send({ allowed_origins: [] }).expect(200);
    expect(none.body.allowed_origins).toEqual([]);
    const gone = await t.http().options('/oauth2/token').set('Origin', SPA).set('Access-Control-Request-Method', 'POST').expect(204);
    expect(gone.headers['access-control-allow-origin']).toBeUndefined();

    const reset = await t.http().patch(`/api/admin/clients/${spa.clientId}`).set('Authorization', bearer(admin)).send({ allowed_origins: null }).expect(200);
    expect(reset.body).toMatchObject({ allowed_origins: [SPA], allowed_origins_default: true });
  });

  it.each([
    ['https://*.example', 'wildcard'],
    ['https://spa.example/', 'write it as "https://spa.example"'],
    ['https://spa.example/app', 'exact origin'],
    ['https://SPA.example', 'write it as "https://spa.example"'],
    ['https://spa.example:443', 'write it as "https://spa.example"'],
    ['http://spa.example', 'must use https'],
    ['ftp://spa.example', 'must use https'],
    ['null', 'not an origin'],
  ])('refuses allowed_origins %j with a field error (%s)', async (origin, message) => {
    const res = await t.http().patch(`/api/admin/clients/${spa.clientId}`).set('Authorization', bearer(admin)).send({ allowed_origins: [origin] }).expect(400);
    expect(JSON.stringify(res.body)).toContain('allowed_origins');
    expect(res.body.error_description).toContain(message);
  });

  it('registration accepts allowed_origins and validates them the same way', async () => {
    const ok = await t.http().post('/api/v1/clients').send({
      client_name: 'SPA', redirect_uris: ['https://a.example/cb'], token_endpoint_auth_method: 'none', grant_types: ['authorization_code'],
      allowed_origins: ['https://a.example', 'https://b.example'],
    }).expect(201);
    expect(ok.body.allowed_origins).toEqual(['https://a.example', 'https://b.example']);
    const bad = await t.http().post('/api/v1/clients').send({
      client_name: 'SPA', redirect_uris: ['https://a.example/cb'], token_endpoint_auth_method: 'none', grant_types: ['authorization_code'],
      allowed_origins: ['https://*.example'],
    }).expect(400);
    expect(JSON.stringify(bad.body)).toContain('allowed_origins');
  });
});
