import fc from 'fast-check';
import { startTestApp, TestApp } from '../support/app';
import { ALICE, basicAuth, createClient, createUser, TestClient } from '../support/fixtures';
import {
  cleanText, expectHealthy, expectNo5xx, fcRuns, hostileForm, oddFormContentTypes, wrongContentTypes,
} from '../support/hostile';
import { obtainTokens } from '../support/tokens';

/**
 * Issue 7 "Hostile input" on the back channel (RFC 6749 §3.2, §5.2; RFC 7009; RFC 7662):
 * property-based requests to /oauth2/token, /oauth2/introspect and /oauth2/revoke. Whatever
 * arrives, the answer is never 5xx, always RFC 6749 §5.2 JSON with the RFC error code that fits
 * (invalid_client is 401, the others 400), and the server stays healthy.
 */

const TOKEN_PARAMS = ['grant_type', 'code', 'redirect_uri', 'code_verifier', 'refresh_token', 'scope', 'client_id', 'client_secret'] as const;
const REFERENCE_PARAMS = ['token', 'token_type_hint', 'client_id', 'client_secret'] as const;
const TOKEN_ERRORS: Record<number, string[]> = {
  400: ['invalid_request', 'invalid_grant', 'unsupported_grant_type', 'invalid_scope', 'unauthorized_client'],
  401: ['invalid_client'],
};
const SUPPORTED_GRANTS = ['authorization_code', 'refresh_token', 'client_credentials'];

/** A string the form encoder carries byte for byte (no lone surrogates), so the oracle knows what the server reads. */

describe('hostile input: token, introspection and revocation endpoints', () => {
  let t: TestApp;
  let client: TestClient;
  let basic: string;
  let refreshToken: string;

  beforeAll(async () => {
    t = await startTestApp({ env: { THROTTLE_CLIENT_AUTH: '1000000' } });
    client = await createClient(t);
    basic = basicAuth(client.clientId, client.clientSecret!);
    const alice = await createUser(t, ALICE);
    refreshToken = (await obtainTokens(t, client, alice.id)).refresh_token!;
  });
  afterAll(async () => { await t.close(); });
  afterEach(async () => { await expectHealthy(t); });

  /** Every answer of these endpoints: < 500, and a 4xx is RFC 6749 §5.2 JSON with a fitting code. */
  function expectOAuthAnswer(res: { status: number; body: Record<string, unknown>; headers: Record<string, string> }, what: string): void {
    expectNo5xx(res as never, what);
    expect(res.headers['cache-control']).toBe('no-store');
    if (res.status < 400) return;
    if (res.status === 413 || res.status === 415) {
      expect(res.body.error).toBe('invalid_request');
      return;
    }
    expect(Object.keys(TOKEN_ERRORS).map(Number)).toContain(res.status);
    expect(TOKEN_ERRORS[res.status]).toContain(res.body.error);
    expect(typeof res.body.error_description).toBe('string');
  }

  describe('/oauth2/token', () => {
    it('random, repeated, bracketed, badly escaped and non-UTF-8 form bodies, with and without credentials: never 5xx, always an RFC code', async () => {
      const credentials = fc.constantFrom<'none' | 'valid' | 'random'>('none', 'valid', 'random');
      await fc.assert(fc.asyncProperty(hostileForm(TOKEN_PARAMS), credentials, cleanText, async (body, creds, junk) => {
        const req = t.http().post('/oauth2/token').set('Content-Type', 'application/x-www-form-urlencoded');
        if (creds === 'valid') req.set('Authorization', basic);
        if (creds === 'random') req.set('Authorization', `Basic ${Buffer.from(junk).toString('base64')}`);
        expectOAuthAnswer(await req.send(body), `token ${body.toString('latin1').slice(0, 200)}`);
      }), fcRuns(150));
    });

    it('a body that is not a form (JSON, text, XML, multipart …): 400 invalid_request', async () => {
      const body = fc.oneof(
        fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
        fc.constant(JSON.stringify({ grant_type: 'client_credentials' })),
        fc.constant('grant_type=client_credentials'),
        fc.string({ maxLength: 200 }),
        fc.constant('<xml><grant_type>client_credentials</grant_type></xml>'),
      );
      await fc.assert(fc.asyncProperty(fc.constantFrom(...wrongContentTypes), body, async (type, payload) => {
        const res = await t.http().post('/oauth2/token').set('Authorization', basic).set('Content-Type', type).send(payload);
        expect(`${type} → ${res.status} ${res.body.error}`).toBe(`${type} → 400 invalid_request`);
      }), fcRuns(60));
    });

    it('a form in a charset other than UTF-8, or with an odd content type spelling: a 4xx invalid_request or a normal answer, never 5xx', async () => {
      await fc.assert(fc.asyncProperty(fc.constantFrom(...oddFormContentTypes), fc.boolean(), async (type, utf16) => {
        const payload = utf16 ? Buffer.from('grant_type=client_credentials', 'utf16le') : Buffer.from('grant_type=client_credentials');
        const res = await t.http().post('/oauth2/token').set('Authorization', basic).set('Content-Type', type).send(payload);
        expectOAuthAnswer(res, type);
        if (res.status >= 400) expect([400, 415]).toContain(res.status);
        if (res.status >= 400) expect(res.body.error).toBe('invalid_request');
      }), fcRuns(30));
    });

    it('form parameters given twice: 400 invalid_request naming the parameter', async () => {
      await fc.assert(fc.asyncProperty(fc.constantFrom(...TOKEN_PARAMS.filter((p) => p !== 'client_id' && p !== 'client_secret')), cleanText, async (name, value) => {
        const params = new URLSearchParams({ grant_type: 'client_credentials' });
        params.append(name, value || 'x');
        params.append(name, 'y');
        const res = await t.http().post('/oauth2/token').type('form').set('Authorization', basic).send(params.toString());
        expect(res.status).toBe(400);
        expect(res.body.error).toBe('invalid_request');
        expect(res.body.error_description).toContain(name);
      }), fcRuns(40));
    });

    it('any unsupported grant_type, with or without credentials: unsupported_grant_type (invalid_request when empty or over 64 characters)', async () => {
      const grantType = fc.oneof(cleanText, fc.constantFrom('password', 'implicit', 'token', 'urn:ietf:params:oauth:grant-type:jwt-bearer', 'AUTHORIZATION_CODE'))
        .filter((g) => !SUPPORTED_GRANTS.includes(g));
      await fc.assert(fc.asyncProperty(grantType, fc.boolean(), async (grant, withCredentials) => {
        const req = t.http().post('/oauth2/token').type('form');
        if (withCredentials) req.set('Authorization', basic);
        const res = await req.send(new URLSearchParams({ grant_type: grant }).toString());
        const expected = grant === '' || grant.length > 64 ? 'invalid_request' : 'unsupported_grant_type';
        expect(res.status).toBe(400);
        expect(res.body.error).toBe(expected);
      }), fcRuns(100));
    });

    it('#25 credentials that name no client, or the wrong secret: 401 invalid_client with WWW-Authenticate for Basic', async () => {
      const creds = fc.tuple(cleanText, cleanText, fc.boolean());
      await fc.assert(fc.asyncProperty(creds, async ([id, secret, knownId]) => {
        const clientId = knownId ? client.clientId : id;
        const res = await t.http().post('/oauth2/token').type('form').set('Authorization', basicAuth(clientId, secret))
          .send({ grant_type: 'client_credentials' });
        expect(res.status).toBe(401);
        expect(res.body.error).toBe('invalid_client');
        expect(res.headers['www-authenticate']).toMatch(/^Basic /);
      }), fcRuns(100));
    });

    it('any code or refresh token the server did not issue: invalid_grant (invalid_request when missing or oversized)', async () => {
      await fc.assert(fc.asyncProperty(fc.constantFrom('authorization_code', 'refresh_token'), cleanText, async (grant, value) => {
        const field = grant === 'authorization_code' ? 'code' : 'refresh_token';
        const res = await t.http().post('/oauth2/token').type('form').set('Authorization', basic)
          .send(new URLSearchParams({ grant_type: grant, [field]: value, redirect_uri: client.redirectUri }).toString());
        const expected = value === '' || value.length > 2048 ? 'invalid_request' : 'invalid_grant';
        expect(`${res.status} ${res.body.error}`).toBe(`400 ${expected}`);
      }), fcRuns(120));
    });

    it('#32 hostile scope values on a real refresh token: invalid_scope or invalid_request, and the token still works', async () => {
      await fc.assert(fc.asyncProperty(cleanText.filter((s) => s.trim() !== '' && !['profile', 'user_id_read'].includes(s.trim())), async (scope) => {
        const res = await t.http().post('/oauth2/token').type('form').set('Authorization', basic)
          .send(new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken, scope }).toString());
        expect(res.status).toBe(400);
        expect(['invalid_scope', 'invalid_request']).toContain(res.body.error);
      }), fcRuns(60));
      const still = await t.http().post('/oauth2/token').type('form').set('Authorization', basic)
        .send({ grant_type: 'refresh_token', refresh_token: refreshToken });
      expect(still.status).toBe(200);
      refreshToken = still.body.refresh_token;
    });
  });

  describe.each(['/oauth2/introspect', '/oauth2/revoke'])('%s', (path) => {
    it('random form bodies with and without credentials: never 5xx, always an RFC code', async () => {
      await fc.assert(fc.asyncProperty(hostileForm(REFERENCE_PARAMS), fc.boolean(), async (body, withCredentials) => {
        const req = t.http().post(path).set('Content-Type', 'application/x-www-form-urlencoded');
        if (withCredentials) req.set('Authorization', basic);
        expectOAuthAnswer(await req.send(body), `${path} ${body.toString('latin1').slice(0, 200)}`);
      }), fcRuns(100));
    });

    it('any token value from an authenticated client: 200 (inactive / nothing revoked), invalid_request when missing or oversized', async () => {
      await fc.assert(fc.asyncProperty(cleanText, fc.option(cleanText, { nil: undefined }), async (token, hint) => {
        const params = new URLSearchParams({ token });
        if (hint !== undefined) params.set('token_type_hint', hint);
        const res = await t.http().post(path).type('form').set('Authorization', basic).send(params.toString());
        const invalid = token === '' || token.length > 2048 || (hint !== undefined && hint.length > 64);
        if (invalid) {
          expect(`${res.status} ${res.body.error}`).toBe('400 invalid_request');
        } else {
          expect(res.status).toBe(200);
          if (path === '/oauth2/introspect') expect(res.body).toEqual({ active: false });
        }
      }), fcRuns(100));
    });

    it('a body that is not a form: 400 invalid_request', async () => {
      await fc.assert(fc.asyncProperty(fc.constantFrom(...wrongContentTypes), fc.jsonValue({ maxDepth: 2 }), async (type, value) => {
        const res = await t.http().post(path).set('Authorization', basic).set('Content-Type', type).send(JSON.stringify(value));
        expect(`${res.status} ${res.body.error}`).toBe('400 invalid_request');
      }), fcRuns(40));
    });
  });
});
