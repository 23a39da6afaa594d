import { AuthorizationCodes } from '../../libs/authorization/src';
import { Transactions } from '../../libs/persistence/src';
import { startTestApp, TestApp } from '../support/app';
import { authorizeUrl, AuthorizeOptions, loginAndAuthorize, pkcePair, signedInAgent } from '../support/browser-flow';
import { ALICE, createClient, createUser, TestClient } from '../support/fixtures';

const ISS = 'http://localhost:3000';

/** PKCE at the authorization endpoint (RFC 7636 §4.3, §4.4.1; RFC 9700 §2.1.1). The token side is in the token specs. */
describe('PKCE at /oauth2/authorize', () => {
  let t: TestApp;
  let confidential: TestClient;
  let publicClient: TestClient;
  let strict: TestClient;

  beforeAll(async () => {
    t = await startTestApp();
    await createUser(t, ALICE);
    confidential = await createClient(t);
    publicClient = await createClient(t, { token_endpoint_auth_method: 'none', grant_types: ['authorization_code', 'refresh_token'] });
    strict = await createClient(t, { require_pkce: true });
  });
  afterAll(async () => { await t.close(); });

  async function redirectError(c: TestClient, options: Partial<AuthorizeOptions>): Promise<URLSearchParams> {
    const agent = await signedInAgent(t);
    const res = await agent.get(authorizeUrl({ clientId: c.clientId, redirectUri: c.redirectUri, state: 'pk', ...options }));
    expect(res.status).toBe(302);
    const location = new URL(res.headers.location);
    expect(`${location.origin}${location.pathname}`).toBe(c.redirectUri);
    return location.searchParams;
  }

  async function consume(code: string) {
    return t.app.get(Transactions).run((m) => t.app.get(AuthorizationCodes).consume(code, m));
  }

  it('#13 a public client that omits code_challenge gets invalid_request at its redirect_uri, with state and iss', async () => {
    const params = await redirectError(publicClient, {});
    expect(params.get('error')).toBe('invalid_request');
    expect(params.get('error_description')).toContain('code_challenge');
    expect(params.get('state')).toBe('pk');
    expect(params.get('iss')).toBe(ISS);
  });

  it('#13 a channel registered with require_pkce must send a challenge too', async () => {
    expect((await redirectError(strict, {})).get('error')).toBe('invalid_request');
  });

  it('#13 a confidential channel without require_pkce may omit PKCE; its code then has no challenge', async () => {
    const result = await loginAndAuthorize(t, { clientId: confidential.clientId, redirectUri: confidential.redirectUri });
    const redeemed = await consume(result.code as string);
    expect(redeemed).toMatchObject({ outcome: 'redeemed', code: { codeChallenge: null, codeChallengeMethod: null } });
  });

  it('#14 refuses code_challenge_method=plain', async () => {
    const { challenge } = pkcePair();
    const params = await redirectError(confidential, { codeChallenge: challenge, codeChallengeMethod: 'plain' });
    expect(params.get('error')).toBe('invalid_request');
  });

  it('#14 refuses a challenge without a method (which means plain)', async () => {
    const { challenge } = pkcePair();
    const params = await redirectError(publicClient, { codeChallenge: challenge, codeChallengeMethod: null });
    expect(params.get('error')).toBe('invalid_request');
    expect(params.get('error_description')).toContain('code_challenge_method');
  });

  it('refuses a method without a challenge', async () => {
    const params = await redirectError(confidential, { extra: { code_challenge_method: 'S256' } });
    expect(params.get('error')).toBe('invalid_request');
  });

  it.each([
    ['42 characters', 'a'.repeat(42)],
    ['129 characters', 'a'.repeat(129)],
    ['characters outside base64url', `${'a'.repeat(42)}+`],
    ['padding', `${'a'.repeat(43)}=`],
  ])('refuses a challenge of %s', async (_case, challenge) => {
    const params = await redirectError(publicClient, { codeChallenge: challenge });
    expect(params.get('error')).toBe('invalid_request');
  });

  it('a public client with S256 gets a code that carries the challenge and method', async () => {
    const { challenge } = pkcePair();
    const result = await loginAndAuthorize(t, { clientId: publicClient.clientId, redirectUri: publicClient.redirectUri, codeChallenge: challenge, state: 'p' });
    expect(result.code).toMatch(/^ghc_/);
    expect(result.state).toBe('p');
    expect(await consume(result.code as string)).toMatchObject({
      outcome: 'redeemed',
      code: { clientId: publicClient.clientId, codeChallenge: challenge, codeChallengeMethod: 'S256' },
    });
  });

  it('#17 the challenge is not exposed: not in the consent page, not in the redirect, not derivable from the code', async () => {
    const { challenge } = pkcePair();
    const agent = await signedInAgent(t);
    const page = await agent.get(authorizeUrl({ clientId: strict.clientId, redirectUri: strict.redirectUri, codeChallenge: challenge }));
    expect(page.status).toBe(200);
    expect(page.text).not.toContain(challenge);
    const result = await loginAndAuthorize(t, { clientId: strict.clientId, redirectUri: strict.redirectUri, codeChallenge: challenge, agent });
    expect(result.location).not.toContain(challenge);
    expect(result.code).not.toContain(challenge.slice(0, 10));
  });
});
