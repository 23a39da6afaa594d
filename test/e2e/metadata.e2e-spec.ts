import { startTestApp, TestApp } from '../support/app';
import { OAUTH4WEBAPI_PRELUDE, runEsm } from '../support/tokens';

const ISSUER = 'https://id.example.com:8443/gatehouse';

describe('GET /.well-known/oauth-authorization-server (RFC 8414)', () => {
  let t: TestApp;
  beforeAll(async () => { t = await startTestApp({ env: { ISSUER } }); });
  afterAll(async () => { await t.close(); });

  it('#36 names the configured issuer byte for byte and builds every endpoint from it', async () => {
    const res = await t.http().get('/.well-known/oauth-authorization-server').expect(200);
    expect(res.text).toContain(`"issuer":"${ISSUER}"`);
    expect(res.body).toMatchObject({
      issuer: ISSUER,
      authorization_endpoint: `${ISSUER}/oauth2/authorize`,
      token_endpoint: `${ISSUER}/oauth2/token`,
      revocation_endpoint: `${ISSUER}/oauth2/revoke`,
      introspection_endpoint: `${ISSUER}/oauth2/introspect`,
      registration_endpoint: `${ISSUER}/api/v1/clients`,
      service_documentation: `${ISSUER}/docs`,
      response_types_supported: ['code'],
      response_modes_supported: ['query'],
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'none'],
      revocation_endpoint_auth_methods_supported: expect.arrayContaining(['client_secret_basic', 'client_secret_post']),
      introspection_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
      authorization_response_iss_parameter_supported: true,
    });
    expect(res.body.scopes_supported).toEqual(expect.arrayContaining(['user_id_read', 'profile']));
  });

  it('#36 grant_types_supported lists the three grants and never password or implicit', async () => {
    const { body } = await t.http().get('/.well-known/oauth-authorization-server').expect(200);
    expect(body.grant_types_supported).toEqual(['authorization_code', 'refresh_token', 'client_credentials']);
    expect(body.grant_types_supported).not.toContain('password');
    expect(body.grant_types_supported).not.toContain('implicit');
  });

  it('#14 advertises PKCE with S256 only', async () => {
    const { body } = await t.http().get('/.well-known/oauth-authorization-server').expect(200);
    expect(body.code_challenge_methods_supported).toEqual(['S256']);
  });

  it('#11 allows CORS on the metadata but not on /oauth2/authorize', async () => {
    const meta = await t.http().get('/.well-known/oauth-authorization-server').set('Origin', 'https://spa.example').expect(200);
    expect(meta.headers['access-control-allow-origin']).toBe('*');
    for (const method of ['get', 'options'] as const) {
      const res = await t.http()[method]('/oauth2/authorize?client_id=x').set('Origin', 'https://evil.example').set('Access-Control-Request-Method', 'GET');
      expect(res.headers['access-control-allow-origin']).toBeUndefined();
    }
  });

  it('every advertised back-channel endpoint exists here', async () => {
    const { body } = await t.http().get('/.well-known/oauth-authorization-server').expect(200);
    for (const url of [body.token_endpoint, body.revocation_endpoint, body.introspection_endpoint]) {
      const res = await t.http().post(new URL(url).pathname.replace(/^\/gatehouse/, '')).type('form').send({});
      expect([400, 401]).toContain(res.status);
    }
  });

  it('serves the document at the RFC 8414 §3.1 location for an issuer with a path, and nothing for another path', async () => {
    const res = await t.http().get('/.well-known/oauth-authorization-server/gatehouse').expect(200);
    expect(res.body.issuer).toBe(ISSUER);
    await t.http().get('/.well-known/oauth-authorization-server/other').expect(404);
  });

  it('#36 passes oauth4webapi\'s discovery validation (issuer equality, required fields)', async () => {
    const base = await t.listen();
    const doc = await runEsm<Record<string, unknown>>(`${OAUTH4WEBAPI_PRELUDE}
console.log(JSON.stringify(as));`, { base, issuer: ISSUER });
    expect(doc.issuer).toBe(ISSUER);
  });
});
