import { startTestApp, TestApp } from '../support/app';
import { loginAndAuthorize } from '../support/browser-flow';
import { ALICE, createClient, createUser, TestClient } from '../support/fixtures';
import { runEsm } from '../support/tokens';

/** The RFC 8414 document, read by openid-client with `algorithm: 'oauth2'` (no OIDC discovery). */
const OAUTH2_PRELUDE = `
import * as client from 'openid-client';
const input = JSON.parse(process.env.INPUT);
const issuer = new URL(input.issuer);
const toTestServer = (url) => String(url).replace(issuer.origin, input.base);
const config = await client.discovery(issuer, input.clientId, input.clientSecret, client.ClientSecretBasic(input.clientSecret), {
  algorithm: 'oauth2',
  execute: [client.allowInsecureRequests],
  [client.customFetch]: (url, init) => fetch(toTestServer(url), init),
});
`;

describe('one metadata builder: /.well-known/oauth-authorization-server and /.well-known/openid-configuration', () => {
  let t: TestApp;
  let base: string;
  let rp: TestClient;
  beforeAll(async () => {
    t = await startTestApp();
    base = await t.listen();
    await createUser(t, ALICE);
    rp = await createClient(t, { scope: 'openid profile' });
  });
  afterAll(async () => { await t.close(); });

  it('the RFC 8414 document carries jwks_uri and the OpenID Connect fields', async () => {
    const issuer = t.config.server.issuer;
    const { body } = await t.http().get('/.well-known/oauth-authorization-server').expect(200);
    expect(body).toMatchObject({
      jwks_uri: `${issuer}/oauth2/jwks`,
      userinfo_endpoint: `${issuer}/oauth2/userinfo`,
      end_session_endpoint: `${issuer}/oauth2/logout`,
      id_token_signing_alg_values_supported: ['RS256'],
      subject_types_supported: ['pairwise'],
      claims_supported: expect.arrayContaining(['sub', 'iss', 'aud', 'exp', 'iat', 'preferred_username', 'name']),
    });
  });

  it('every key present in both documents has the same value', async () => {
    const oauth = (await t.http().get('/.well-known/oauth-authorization-server').expect(200)).body as Record<string, unknown>;
    const oidc = (await t.http().get('/.well-known/openid-configuration').expect(200)).body as Record<string, unknown>;
    const shared = Object.keys(oauth).filter((k) => k in oidc);
    expect(shared.length).toBeGreaterThan(20);
    for (const key of shared) expect({ key, value: oauth[key] }).toEqual({ key, value: oidc[key] });
    // Nothing one document has is missing from the other.
    expect(Object.keys(oauth).sort()).toEqual(Object.keys(oidc).sort());
  });

  it('openid-client reading only the RFC 8414 document verifies the ID Token signature (non-repudiation checks)', async () => {
    const issuer = t.config.server.issuer;
    const input = { base, issuer, clientId: rp.clientId, clientSecret: rp.clientSecret!, redirectUri: rp.redirectUri };
    const start = await runEsm<{ url: string; verifier: string; nonce: string }>(`${OAUTH2_PRELUDE}
const verifier = client.randomPKCECodeVerifier();
const nonce = client.randomNonce();
const url = client.buildAuthorizationUrl(config, {
  redirect_uri: input.redirectUri, scope: 'openid profile', nonce,
  code_challenge: await client.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256',
});
console.log(JSON.stringify({ url: url.href, verifier, nonce }));
`, input);
    const url = new URL(start.url);
    const browser = await loginAndAuthorize(t, { url: `${url.pathname}${url.search}` });
    expect(browser.code).toBeDefined();
    const out = await runEsm<{ claims: Record<string, unknown>; jwksUri: string }>(`${OAUTH2_PRELUDE}
// Verifies the ID Token's signature against the jwks_uri of the RFC 8414 document.
client.enableNonRepudiationChecks(config);
const tokens = await client.authorizationCodeGrant(config, new URL(input.callback), {
  pkceCodeVerifier: input.start.verifier, expectedNonce: input.start.nonce, idTokenExpected: true,
});
console.log(JSON.stringify({ claims: tokens.claims(), jwksUri: config.serverMetadata().jwks_uri }));
`, { ...input, callback: browser.location, start });
    expect(out.jwksUri).toBe(`${issuer}/oauth2/jwks`);
    expect(out.claims).toMatchObject({ iss: issuer, aud: rp.clientId, nonce: start.nonce });
  });
});
