import fc from 'fast-check';
import supertest from 'supertest';
import { startTestApp, TestApp } from '../support/app';
import { hiddenInput, signedInAgent } from '../support/browser-flow';
import { ALICE, createClient, createUser, TestClient } from '../support/fixtures';
import { cleanText, expectHealthy, expectNo5xx, fcRuns, hostileForm, hostileQuery, wrongContentTypes } from '../support/hostile';

/**
 * Issue 7 "Hostile input" on the front channel: /oauth2/authorize (GET and POST), the consent
 * decision and /login, property-based. Never 5xx; never a redirect anywhere but a registered
 * redirect_uri or this server's login page (#1, #2, #6); errors sent to the client carry an RFC
 * code, `state` and `iss` (#3); nothing the request carries is reflected unescaped.
 */

const AUTHORIZE_PARAMS = ['client_id', 'redirect_uri', 'response_type', 'scope', 'state', 'code_challenge', 'code_challenge_method', 'prompt', 'nonce'] as const;
const REDIRECT_ERRORS = ['invalid_request', 'invalid_scope', 'unsupported_response_type', 'login_required', 'consent_required', 'interaction_required', 'access_denied'];

describe('hostile input: authorization endpoint, consent and login', () => {
  let t: TestApp;
  let client: TestClient;
  let signedIn: supertest.Agent;

  beforeAll(async () => {
    t = await startTestApp({ env: { THROTTLE_LOGIN_PER_ACCOUNT: '1000000', THROTTLE_LOGIN_PER_ADDRESS: '1000000', THROTTLE_REQUESTS_PER_ADDRESS: '100000000' } });
    client = await createClient(t);
    await createUser(t, ALICE);
    signedIn = await signedInAgent(t, ALICE);
  });
  afterAll(async () => { await t.close(); });
  afterEach(async () => { await expectHealthy(t); });

  /**
   * A page (the consent page, the login form, the error page), or — when the body could not even
   * be read (malformed JSON, an unsupported charset, bracket syntax the parser refuses) — the
   * adapter's JSON invalid_request with a 4xx.
   */
  function expectPageOrParseError(res: supertest.Response): void {
    if (/^application\/json/.test(res.headers['content-type'] ?? '')) {
      expect([400, 413, 415]).toContain(res.status);
      expect(res.body.error).toBe('invalid_request');
    } else {
      expect([200, 400, 401, 403]).toContain(res.status);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
    }
  }

  /** The one rule for every authorize answer: where it may send the browser. */
  function expectSafeAnswer(res: supertest.Response, what: string): void {
    expectNo5xx(res, what);
    const location = res.headers.location as string | undefined;
    if (res.status === 302 || res.status === 303) {
      expect(location).toBeDefined();
      if (location!.startsWith('/')) {
        expect(location).toMatch(/^\/login\?return_to=%2F/);
      } else {
        expect(location!.startsWith(`${client.redirectUri}?`)).toBe(true);
        const params = new URL(location!).searchParams;
        expect(params.get('iss')).toBe(t.config.server.issuer);
        if (!params.has('code')) expect(REDIRECT_ERRORS).toContain(params.get('error'));
      }
    } else {
      expect(location).toBeUndefined();
      expectPageOrParseError(res);
    }
    expect(res.text ?? '').not.toContain('<script>alert(1)</script>');
  }

  describe('GET /oauth2/authorize', () => {
    it('#2 random queries naming no registered client: the error page (400), never a redirect', async () => {
      await fc.assert(fc.asyncProperty(hostileQuery(AUTHORIZE_PARAMS.filter((p) => p !== 'client_id')), async (query) => {
        const res = await t.http().get(`/oauth2/authorize${query}`);
        expectSafeAnswer(res, query);
        expect(res.status).toBe(400);
      }), fcRuns(100));
    });

    it('#1 #2 the real client with any other redirect_uri: the error page (400), never a redirect', async () => {
      const redirect = fc.oneof(cleanText, fc.constantFrom(
        `${client.redirectUri}/`, `${client.redirectUri}?x=1`, `${client.redirectUri}#f`, 'https://app.example.evil/cb',
        'https://app.example@evil.example/cb', 'HTTPS://APP.EXAMPLE/CB', 'https://app.example:443/cb', 'javascript:alert(1)//',
      )).filter((r) => r !== client.redirectUri && r !== '');
      await fc.assert(fc.asyncProperty(redirect, cleanText, async (redirectUri, state) => {
        const query = new URLSearchParams({ response_type: 'code', client_id: client.clientId, redirect_uri: redirectUri, state });
        const res = await signedIn.get(`/oauth2/authorize?${query}`);
        expectSafeAnswer(res, query.toString());
        expect(res.status).toBe(400);
      }), fcRuns(100));
    });

    it('#4 the real client and redirect_uri with any other parameters, signed out: to the login page (or a redirected login_required)', async () => {
      await fc.assert(fc.asyncProperty(hostileQuery(AUTHORIZE_PARAMS.filter((p) => p !== 'client_id' && p !== 'redirect_uri')), async (query) => {
        const path = `/oauth2/authorize${query}&client_id=${client.clientId}&redirect_uri=${encodeURIComponent(client.redirectUri)}`;
        const res = await t.http().get(path);
        expectSafeAnswer(res, path);
        expect(res.status).toBe(302);
      }), fcRuns(100));
    });

    it('#3 the real client and redirect_uri with any other parameters, signed in: a code, the consent page, or an RFC error with state and iss', async () => {
      await fc.assert(fc.asyncProperty(hostileQuery(AUTHORIZE_PARAMS.filter((p) => p !== 'client_id' && p !== 'redirect_uri' && p !== 'state')), cleanText, async (query, state) => {
        const path = `/oauth2/authorize${query}&client_id=${client.clientId}&redirect_uri=${encodeURIComponent(client.redirectUri)}&state=${encodeURIComponent(state)}`;
        const res = await signedIn.get(path);
        expectSafeAnswer(res, path);
        if (res.status === 302 && !(res.headers.location as string).startsWith('/')) {
          // state is echoed exactly (RFC 6749 §4.1.2); an oversized one is refused and not echoed.
          const echoed = state === '' || state.length > 2048 ? null : state;
          expect(new URL(res.headers.location as string).searchParams.get('state')).toBe(echoed);
        }
      }), fcRuns(120));
    });
  });

  describe('POST /oauth2/authorize and the consent decision', () => {
    it('random form bodies and content types at POST /oauth2/authorize: never 5xx, never a redirect elsewhere', async () => {
      const type = fc.constantFrom('application/x-www-form-urlencoded', ...wrongContentTypes);
      await fc.assert(fc.asyncProperty(hostileForm([...AUTHORIZE_PARAMS]), type, fc.boolean(), async (body, contentType, withClient) => {
        const payload = withClient ? Buffer.concat([body, Buffer.from(`&client_id=${client.clientId}`)]) : body;
        const res = await signedIn.post('/oauth2/authorize').set('Content-Type', contentType).send(payload);
        expectSafeAnswer(res, `${contentType} ${payload.toString('latin1').slice(0, 200)}`);
      }), fcRuns(100));
    });

    it('random consent decisions (with and without the CSRF token): 403 or the error page, never 5xx, never a redirect', async () => {
      const page = await signedIn.get(`/oauth2/authorize?response_type=code&client_id=${client.clientId}&scope=profile&prompt=consent`).expect(200);
      const csrf = hiddenInput(page.text, '_csrf');
      await fc.assert(fc.asyncProperty(hostileForm(['transaction_id', 'decision', '_csrf']), fc.boolean(), async (body, withCsrf) => {
        const payload = withCsrf ? Buffer.concat([body, Buffer.from(`&_csrf=${encodeURIComponent(csrf)}`)]) : body;
        const res = await signedIn.post('/oauth2/authorize/decision').set('Content-Type', 'application/x-www-form-urlencoded').send(payload);
        expectNo5xx(res, payload.toString('latin1').slice(0, 200));
        expect(res.headers.location).toBeUndefined();
        expectPageOrParseError(res);
        expect(res.status).not.toBe(200);
      }), fcRuns(100));
    });
  });

  describe('pages that show what a request carried', () => {
    it('#10 #12 the login, consent and error pages send the strict CSP of PRODUCT.md, so an injection that slipped through could not run', async () => {
      const consent = await signedIn.get(`/oauth2/authorize?response_type=code&client_id=${client.clientId}&scope=profile&prompt=consent&state=%3Cscript%3E`);
      const login = await t.http().get('/login?return_to=%2F%22%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E');
      const error = await t.http().get('/oauth2/authorize?client_id=%3Cscript%3Ealert(1)%3C%2Fscript%3E');
      for (const [res, status] of [[consent, 200], [login, 200], [error, 400]] as const) {
        expect(res.status).toBe(status);
        const csp = String(res.headers['content-security-policy']).split(';').map((d) => d.trim());
        for (const directive of ["default-src 'self'", "script-src 'self'", "object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'"]) {
          expect(csp).toContain(directive);
        }
        expect(res.headers['x-frame-options']).toBe('DENY');
        expect(res.headers['referrer-policy']).toBe('no-referrer');
        expect(res.text).not.toContain('<script>');
      }
    });
  });

  describe('/login', () => {
    it('random login forms with a valid CSRF token: 401 with the generic message, the username never reflected unescaped', async () => {
      const agent = t.http();
      const csrf = hiddenInput((await agent.get('/login').expect(200)).text, '_csrf');
      const value = fc.oneof(cleanText, fc.constant('<script>alert(1)</script>'), fc.constant('"><img src=x onerror=alert(1)>'));
      await fc.assert(fc.asyncProperty(value, value, cleanText, async (username, password, returnTo) => {
        const res = await agent.post('/login').type('form').send({ username, password, _csrf: csrf, return_to: returnTo });
        expectNo5xx(res, username);
        expect(res.status).toBe(401);
        expect(res.text).toContain('The username or password is incorrect.');
        expect(res.text).not.toMatch(/<script>alert|<img src=x/);
      }), fcRuns(60));
    });

    it('random bodies, JSON with arrays and objects, wrong content types at POST /login: 401, 403 or 400, never 5xx', async () => {
      const agent = t.http();
      const csrf = hiddenInput((await agent.get('/login').expect(200)).text, '_csrf');
      const json = fc.record({ username: fc.jsonValue({ maxDepth: 2 }), password: fc.jsonValue({ maxDepth: 2 }), _csrf: fc.constantFrom(csrf, 'x') }, { requiredKeys: [] });
      await fc.assert(fc.asyncProperty(fc.oneof(hostileForm(['username', 'password', '_csrf', 'return_to']), json), fc.constantFrom('application/x-www-form-urlencoded', ...wrongContentTypes), async (body, type) => {
        const payload = Buffer.isBuffer(body) ? body : JSON.stringify(body);
        const res = await agent.post('/login').set('Content-Type', type).send(payload);
        expectNo5xx(res, `${type} ${String(payload).slice(0, 200)}`);
        expect(res.headers.location).toBeUndefined();
        expectPageOrParseError(res);
        expect(res.status).not.toBe(200);
      }), fcRuns(100));
    });

    it('#6 GET /login with any return_to renders a relative path of this server, or "/"', async () => {
      await fc.assert(fc.asyncProperty(fc.oneof(cleanText, fc.webUrl(), fc.constantFrom('//evil.example', '/\\evil.example', '/\t/evil.example', '/%2F/evil.example')), async (returnTo) => {
        const res = await t.http().get(`/login?return_to=${encodeURIComponent(returnTo)}`);
        expect(res.status).toBe(200);
        const rendered = hiddenInput(res.text, 'return_to');
        expect(new URL(rendered, 'https://gatehouse.test').origin).toBe('https://gatehouse.test');
        expect(rendered.startsWith('//') || rendered.startsWith('/\\')).toBe(false);
      }), fcRuns(100));
    });
  });
});
