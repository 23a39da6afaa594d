import { AuthorizationCodes, AuthorizeFlow, DialectProfile, STANDARD_PROFILE } from '../../libs/authorization/src';
import { OAuthError, redirectTargetOf, sha256Hex } from '../../libs/common/src';
import { AuthorizationCodeEntity, Transactions } from '../../libs/persistence/src';
import { startTestApp, TestApp } from '../support/app';
import { authorizeUrl, hiddenInput, loginAndAuthorize, pkcePair, signedInAgent } from '../support/browser-flow';
import { ALICE, createClient, createUser, TestClient } from '../support/fixtures';
import type { HttpReply, HttpRequest } from '@app/common';

const ISS = 'http://localhost:3000';

describe('GET|POST /oauth2/authorize', () => {
  let t: TestApp;
  let client: TestClient;

  beforeAll(async () => {
    t = await startTestApp();
    await createUser(t, ALICE);
    client = await createClient(t);
  });
  afterAll(async () => { await t.close(); });

  const url = (params: Record<string, string>) => `/oauth2/authorize?${new URLSearchParams(params).toString()}`;
  const base = () => ({ response_type: 'code', client_id: client.clientId, redirect_uri: client.redirectUri, state: 'st-1' });

  function expectErrorPage(res: { status: number; headers: Record<string, string>; text: string }, status = 400): void {
    expect(res.status).toBe(status);
    expect(res.headers.location).toBeUndefined();
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.text).toContain('invalid_request');
  }

  function redirectParams(res: { status: number; headers: Record<string, string> }, redirectUri = client.redirectUri): URLSearchParams {
    expect(res.status).toBe(302);
    const location = new URL(res.headers.location);
    expect(`${location.origin}${location.pathname}`).toBe(redirectUri);
    return location.searchParams;
  }

  describe('client and redirect_uri: the error page, never a redirect', () => {
    it('#2 a missing client_id', async () => {
      expectErrorPage(await t.http().get(url({ response_type: 'code', redirect_uri: client.redirectUri })));
    });

    it('#2 an unknown client_id', async () => {
      expectErrorPage(await t.http().get(url({ ...base(), client_id: 'no-such-client' })));
    });

    it.each(['pending', 'rejected'] as const)('#2 a %s channel', async (status) => {
      const c = await createClient(t, {}, { approve: false });
      if (status === 'rejected') {
        const { ClientLifecycle } = await import('../../libs/clients/src');
        await t.app.get(ClientLifecycle).reject(c.clientId, 'not ours', { actor: 'test' });
      }
      const res = await t.http().get(url({ ...base(), client_id: c.clientId }));
      expectErrorPage(res);
    });

    it('#2 a suspended channel', async () => {
      const c = await createClient(t);
      const { ClientLifecycle } = await import('../../libs/clients/src');
      await t.app.get(ClientLifecycle).suspend(c.clientId, 'abuse', { actor: 'test' });
      expectErrorPage(await t.http().get(url({ ...base(), client_id: c.clientId })));
    });

    it.each([
      'https://app.example/cb/',
      'https://app.example/cb?x=1',
      'https://app.example/CB',
      'https://app.example.evil/cb',
      'https://app.example@evil.example/cb',
      'https://app.example/cb#frag',
      'http://app.example/cb',
      'https://app.example:8443/cb',
      'https://evil.example/cb',
      'not a uri',
    ])('#1 #2 the unregistered redirect_uri %s', async (redirectUri) => {
      const agent = await signedInAgent(t);
      const res = await agent.get(url({ ...base(), redirect_uri: redirectUri }));
      expectErrorPage(res);
      expect(res.text).not.toContain('evil.example');
    });

    it('#2 a missing redirect_uri when the channel registered several', async () => {
      const c = await createClient(t, { redirect_uris: ['https://app.example/cb', 'https://app.example/cb2'] });
      const { redirect_uri: _omit, ...params } = { ...base(), client_id: c.clientId };
      expectErrorPage(await t.http().get(url(params)));
    });

    it('#2 a repeated client_id or redirect_uri', async () => {
      const q = `response_type=code&client_id=${client.clientId}&redirect_uri=${encodeURIComponent(client.redirectUri)}`;
      expectErrorPage(await t.http().get(`/oauth2/authorize?${q}&client_id=${client.clientId}`));
      expectErrorPage(await t.http().get(`/oauth2/authorize?${q}&redirect_uri=${encodeURIComponent('https://evil.example/cb')}`));
    });

    it('checks client and redirect_uri before the login (no login page for a bad redirect_uri)', async () => {
      const res = await t.http().get(url({ ...base(), redirect_uri: 'https://evil.example/cb' }));
      expectErrorPage(res);
    });
  });

  describe('login first', () => {
    it('#4 sends an anonymous user with a well-formed request to the login page, with a relative return_to', async () => {
      const path = url(base());
      const res = await t.http().get(path).expect(302);
      const location = new URL(res.headers.location, 'http://x.invalid');
      expect(location.pathname).toBe('/login');
      expect(location.searchParams.get('return_to')).toBe(path);
    });

    it('#4 also authenticates before redirecting an erroneous request (RFC 9700 §4.11.2)', async () => {
      const res = await t.http().get(url({ ...base(), scope: 'no_such_scope' })).expect(302);
      expect(res.headers.location).toMatch(/^\/login\?return_to=/);
    });

    it('prompt=none without a session answers login_required at the redirect_uri', async () => {
      const params = redirectParams(await t.http().get(url({ ...base(), prompt: 'none' })));
      expect(Object.fromEntries(params)).toMatchObject({ error: 'login_required', state: 'st-1', iss: ISS });
    });

    it('keeps a POSTed request for after the login', async () => {
      const res = await t.http().post('/oauth2/authorize').type('form').send(base()).expect(302);
      const returnTo = new URL(res.headers.location, 'http://x.invalid').searchParams.get('return_to') ?? '';
      expect(returnTo.startsWith('/oauth2/authorize?')).toBe(true);
      expect(Object.fromEntries(new URL(returnTo, 'http://x.invalid').searchParams)).toEqual(base());
    });
  });

  describe('errors after the redirect_uri is verified redirect with state and iss', () => {
    it.each([
      ['#7 response_type=token', { response_type: 'token' }, 'unsupported_response_type'],
      ['#7 response_type=id_token token', { response_type: 'id_token token' }, 'unsupported_response_type'],
      ['a missing response_type', { response_type: '' }, 'invalid_request'],
      ['an unknown scope', { scope: 'user_id_read admin' }, 'invalid_scope'],
      ['a prompt outside none|login|consent', { prompt: 'select_account' }, 'invalid_request'],
      ['a too long nonce', { nonce: 'n'.repeat(513) }, 'invalid_request'],
    ])('#3 %s', async (_case, override, error) => {
      const agent = await signedInAgent(t);
      const params = redirectParams(await agent.get(url({ ...base(), ...override })));
      expect(params.get('error')).toBe(error);
      expect(params.get('error_description')).toBeTruthy();
      expect(params.get('state')).toBe('st-1');
      expect(params.get('iss')).toBe(ISS);
      expect(params.get('code')).toBeNull();
    });

    it('#3 a scope the channel was not approved for', async () => {
      const c = await createClient(t, { scope: 'profile' });
      const agent = await signedInAgent(t);
      const params = redirectParams(await agent.get(url({ ...base(), client_id: c.clientId, scope: 'user_id_read' })));
      expect(params.get('error')).toBe('invalid_scope');
    });

    it('a channel not registered for authorization_code gets unauthorized_client', async () => {
      const c = await createClient(t, { grant_types: ['client_credentials'] });
      const agent = await signedInAgent(t);
      const params = redirectParams(await agent.get(url({ ...base(), client_id: c.clientId })));
      expect(params.get('error')).toBe('unauthorized_client');
    });

    it('a repeated parameter is invalid_request (RFC 6749 §3.1)', async () => {
      const agent = await signedInAgent(t);
      const params = redirectParams(await agent.get(`${url(base())}&scope=profile&scope=user_id_read`));
      expect(params.get('error')).toBe('invalid_request');
      expect(params.get('state')).toBe('st-1');
    });

    it('a repeated parameter is still refused after the login', async () => {
      const result = await loginAndAuthorize(t, { url: `${url(base())}&scope=profile&scope=user_id_read` });
      expect(result.loginShown).toBe(true);
      expect(result.error).toBe('invalid_request');
    });

    it('an over-long state is refused and not echoed', async () => {
      const agent = await signedInAgent(t);
      const params = redirectParams(await agent.get(url({ ...base(), state: 's'.repeat(3000) })));
      expect(params.get('error')).toBe('invalid_request');
      expect(params.get('state')).toBeNull();
    });
  });

  describe('success', () => {
    it('#3 echoes state and iss exactly', async () => {
      const state = 'a b&c=d/é?+%25~*\'"<>';
      const result = await loginAndAuthorize(t, { clientId: client.clientId, redirectUri: client.redirectUri, state });
      expect(result.state).toBe(state);
      expect(result.iss).toBe(ISS);
      expect(result.code).toMatch(/^ghc_[A-Za-z0-9_-]{43}$/);
    });

    it('#28 ignores unknown parameters', async () => {
      const result = await loginAndAuthorize(t, {
        clientId: client.clientId, redirectUri: client.redirectUri, state: 'x', extra: { foo: 'bar', ui_locales: 'zh-CN' },
      });
      expect(result.code).toBeDefined();
      expect(result.error).toBeUndefined();
    });

    it('omits state from the redirect when the request had none', async () => {
      const result = await loginAndAuthorize(t, { clientId: client.clientId, redirectUri: client.redirectUri });
      expect(result.params.has('state')).toBe(false);
      expect(result.code).toBeDefined();
    });

    it('uses the only registered redirect_uri when it is omitted, and the code remembers it was omitted', async () => {
      const result = await loginAndAuthorize(t, { clientId: client.clientId, state: 'x' });
      expect(result.location.startsWith(`${client.redirectUri}?`)).toBe(true);
      const redeemed = await t.app.get(Transactions).run((m) => t.app.get(AuthorizationCodes).consume(result.code as string, m));
      expect(redeemed).toMatchObject({ outcome: 'redeemed', code: { redirectUri: client.redirectUri, redirectUriProvided: false } });
    });

    it('keeps the registered query of the redirect_uri', async () => {
      const c = await createClient(t, { redirect_uris: ['https://app.example/cb?tenant=7'] });
      const result = await loginAndAuthorize(t, { clientId: c.clientId, redirectUri: 'https://app.example/cb?tenant=7', state: 'x' });
      expect(result.params.get('tenant')).toBe('7');
      expect(result.code).toBeDefined();
    });

    it('issues a code that AuthorizationCodes.consume redeems once, bound to client, user, redirect_uri, scopes and PKCE', async () => {
      const { challenge } = pkcePair();
      const result = await loginAndAuthorize(t, {
        clientId: client.clientId, redirectUri: client.redirectUri, scope: 'profile', state: 'x', codeChallenge: challenge,
      });
      const codes = t.app.get(AuthorizationCodes);
      const tx = t.app.get(Transactions);
      const first = await tx.run((m) => codes.consume(result.code as string, m));
      expect(first).toMatchObject({
        outcome: 'redeemed',
        code: {
          clientId: client.clientId, redirectUri: client.redirectUri, redirectUriProvided: true, scopes: ['profile'],
          codeChallenge: challenge, codeChallengeMethod: 'S256',
        },
      });
      const second = await tx.run((m) => codes.consume(result.code as string, m));
      expect(second.outcome).toBe('reused');
    });

    it('defaults to the channel scopes when scope is omitted', async () => {
      const result = await loginAndAuthorize(t, { clientId: client.clientId, redirectUri: client.redirectUri });
      const redeemed = await t.app.get(Transactions).run((m) => t.app.get(AuthorizationCodes).consume(result.code as string, m));
      expect(redeemed.outcome === 'redeemed' && redeemed.code.scopes.sort()).toEqual(['profile', 'user_id_read']);
    });

    it('gives the code the channel code_ttl, else CODE_TTL', async () => {
      const c = await createClient(t, { code_ttl: 5 });
      const before = Date.now();
      const result = await loginAndAuthorize(t, { clientId: c.clientId, redirectUri: c.redirectUri });
      const { AuthorizationCodeEntity } = await import('../../libs/persistence/src');
      const { sha256Hex } = await import('../../libs/common/src');
      const row = await t.dataSource.getRepository(AuthorizationCodeEntity).findOneByOrFail({ codeHash: sha256Hex(result.code as string) });
      expect(row.expiresAt.getTime() - before).toBeGreaterThan(3_000);
      expect(row.expiresAt.getTime() - before).toBeLessThan(7_000);
    });

    it('accepts the request by POST (RFC 6749 §3.1)', async () => {
      const agent = await signedInAgent(t);
      await loginAndAuthorize(t, { clientId: client.clientId, redirectUri: client.redirectUri, agent });
      const res = await agent.post('/oauth2/authorize').type('form').send(base());
      const params = redirectParams(res);
      expect(params.get('code')).toMatch(/^ghc_/);
      expect(params.get('state')).toBe('st-1');
    });

    it('refuses a POST that is not form-encoded, on the error page', async () => {
      expectErrorPage(await t.http().post('/oauth2/authorize').send(base()));
    });
  });

  describe('page headers', () => {
    it('#10 #12 the error page, login redirect and consent page forbid framing and referrers', async () => {
      const agent = await signedInAgent(t);
      const c = await createClient(t);
      const responses = [
        await t.http().get(url({ ...base(), client_id: 'nope' })),
        await t.http().get(url(base())),
        await agent.get(url({ ...base(), client_id: c.clientId })),
      ];
      expect(responses.map((r) => r.status)).toEqual([400, 302, 200]);
      for (const res of responses) {
        expect(res.headers['x-frame-options']).toBe('DENY');
        expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
        expect(res.headers['content-security-policy']).toContain("script-src 'self'");
        expect(res.headers['referrer-policy']).toBe('no-referrer');
      }
      const consent = responses[2];
      expect(consent.text).toContain('id="consent-form"');
      expect(consent.text).not.toMatch(/<script|style=|<iframe|(src|href)="(https?:)?\/\//i);
    });

    it('#11 sends no Access-Control-Allow-Origin on GET or OPTIONS', async () => {
      const get = await t.http().get(url(base())).set('Origin', 'https://evil.example');
      expect(get.headers['access-control-allow-origin']).toBeUndefined();
      const options = await t.http().options('/oauth2/authorize').set('Origin', 'https://evil.example')
        .set('Access-Control-Request-Method', 'GET');
      expect(options.headers['access-control-allow-origin']).toBeUndefined();
    });
  });

  describe('bad input never produces a 500', () => {
    it.each([
      ['a 5000-character client_id', `/oauth2/authorize?client_id=${'x'.repeat(5000)}`],
      ['bracketed names', '/oauth2/authorize?client_id[]=a&client_id[]=b'],
      ['broken percent-encoding', '/oauth2/authorize?client_id=%E0%A4%A'],
      ['NUL bytes', '/oauth2/authorize?%00=1&redirect_uri=%00'],
      ['no parameters at all', '/oauth2/authorize'],
    ])('%s', async (_case, path) => {
      const res = await t.http().get(path);
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
    });

    it('nor does a signed-in request full of odd values', async () => {
      const agent = await signedInAgent(t);
      const odd: Record<string, string>[] = [
        { scope: '\u0000\u0001' }, { code_challenge: '\u00e9'.repeat(50), code_challenge_method: 'S256' },
        { state: '\ud800' }, { nonce: '' }, { prompt: 'none login' }, { response_type: 'code code' },
      ];
      for (const extra of odd) {
        const res = await agent.get(url({ ...base(), ...extra }));
        expect(res.status).toBeLessThan(500);
      }
    });
  });

  it('builds authorize URLs for the other specs (browser-flow helper)', () => {
    expect(authorizeUrl({ clientId: 'c', redirectUri: 'https://a/cb', codeChallenge: 'x' }))
      .toBe('/oauth2/authorize?response_type=code&client_id=c&redirect_uri=https%3A%2F%2Fa%2Fcb&code_challenge=x&code_challenge_method=S256');
  });

  describe('AuthorizeFlow with a dialect profile (the seam for the seed dialects)', () => {
    const seed003 = (appId: string): DialectProfile => ({
      ...STANDARD_PROFILE, name: 'seed-003', codeTtlSeconds: 86_400, requireState: true,
      extraRedirectParams: { app_id: appId }, denial: { error: false, iss: false }, returnPath: '/oauth2/appToAppAuth',
    });

    interface FakeResponse {
      statusCode: number; location?: string; view?: string; model?: Record<string, string>;
    }

    function fakeExchange(query: string, cookie?: string): { req: HttpRequest; res: HttpReply; out: FakeResponse } {
      const out: FakeResponse = { statusCode: 200 };
      const res = {
        status(code: number) { out.statusCode = code; return res; },
        header() { return res; },
        headers() { return res; },
        setCookie() { return res; },
        redirect(url: string, status: number) { out.statusCode = status; out.location = url; return res; },
        view(view: string, model: Record<string, string>) { out.view = view; out.model = model; return res; },
      };
      const url = `/v1/dialect/authorize?${query}`;
      const req = { method: 'GET', originalUrl: url, url, path: '/v1/dialect/authorize', cookies: cookie ? { gh_session: cookie } : {}, headers: {}, ip: '127.0.0.1', socket: {} };
      return { req: req as unknown as HttpRequest, res: res as unknown as HttpReply, out };
    }

    async function signedInCookie(): Promise<string> {
      const agent = t.http();
      const page = await agent.get('/login');
      const res = await agent.post('/login').type('form').send({ ...ALICE, _csrf: hiddenInput(page.text, '_csrf'), return_to: '/' }).expect(302);
      const line = ([] as string[]).concat(res.headers['set-cookie']).find((c) => c.startsWith('gh_session='));
      return (line as string).split(';')[0].slice('gh_session='.length);
    }

    it("sends an anonymous user to the login page with the dialect's return path", async () => {
      const c = await createClient(t);
      const { req, res, out } = fakeExchange(`app_id=${c.clientId}&state=s`);
      await t.app.get(AuthorizeFlow).start(req, res, { clientId: c.clientId, responseType: 'code', state: 's' }, seed003(c.clientId));
      expect(out.statusCode).toBe(302);
      expect(out.location).toBe(`/login?return_to=${encodeURIComponent(`/oauth2/appToAppAuth?app_id=${c.clientId}&state=s`)}`);
    });

    it('requires state when the dialect does, and attaches its extra parameters to the error', async () => {
      const c = await createClient(t);
      const { req, res } = fakeExchange(`app_id=${c.clientId}`, await signedInCookie());
      const err = await t.app.get(AuthorizeFlow).start(req, res, { clientId: c.clientId, responseType: 'code' }, seed003(c.clientId))
        .then(() => undefined, (e: unknown) => e);
      expect(err).toBeInstanceOf(OAuthError);
      expect((err as OAuthError).error).toBe('invalid_request');
      expect(redirectTargetOf(err)).toEqual({ redirectUri: c.redirectUri, state: undefined, iss: ISS, extra: { app_id: c.clientId } });
    });

    it("keeps the dialect's shape through the consent page: denial without error and iss, code with app_id and its lifetime", async () => {
      const c = await createClient(t);
      const cookie = await signedInCookie();
      const flow = t.app.get(AuthorizeFlow);
      const request = { clientId: c.clientId, responseType: 'code', state: 'd1' };
      const decide = async (decision: string) => {
        const { req, res, out } = fakeExchange(`app_id=${c.clientId}&state=d1`, cookie);
        await flow.start(req, res, request, seed003(c.clientId));
        expect(out.view).toBe('consent');
        return t.http().post('/oauth2/authorize/decision').set('Cookie', `gh_session=${cookie}`).type('form')
          .send({ transaction_id: out.model?.transactionId, _csrf: out.model?.csrf, decision }).expect(302);
      };
      const denied = new URL((await decide('deny')).headers.location);
      expect(Object.fromEntries(denied.searchParams)).toEqual({ app_id: c.clientId, state: 'd1' });
      const allowed = new URL((await decide('allow')).headers.location);
      expect([...allowed.searchParams.keys()]).toEqual(['app_id', 'code', 'state', 'iss']);
      const row = await t.dataSource.getRepository(AuthorizationCodeEntity)
        .findOneByOrFail({ codeHash: sha256Hex(allowed.searchParams.get('code') as string) });
      expect(row.expiresAt.getTime() - Date.now()).toBeGreaterThan(86_000_000);
      // remembered now: the flow answers at once, still in the dialect's shape
      const { req, res, out } = fakeExchange(`app_id=${c.clientId}&state=d1`, cookie);
      await flow.start(req, res, request, seed003(c.clientId));
      expect(out.statusCode).toBe(302);
      expect(new URL(out.location as string).searchParams.get('app_id')).toBe(c.clientId);
    });
  });
});
