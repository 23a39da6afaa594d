import supertest from 'supertest';
import { Consents } from '../../libs/authorization/src';
import { UsersService } from '../../libs/accounts/src';
import { ClientLifecycle } from '../../libs/clients/src';
import { AuditLog, ConsentEntity, InteractionEntity } from '../../libs/persistence/src';
import { startTestApp, TestApp } from '../support/app';
import { authorizeUrl, hiddenInput, loginAndAuthorize, pkcePair, signedInAgent } from '../support/browser-flow';
import { ALICE, BOB, createClient, createUser, TestClient } from '../support/fixtures';

const ISS = 'http://localhost:3000';

interface ConsentPage {
  res: supertest.Response;
  transactionId: string;
  csrf: string;
}

describe('the consent page and its decision', () => {
  let t: TestApp;
  let aliceId: string;

  beforeAll(async () => {
    t = await startTestApp();
    aliceId = (await createUser(t, ALICE)).id;
    await createUser(t, BOB);
  });
  afterAll(async () => { await t.close(); });

  async function openConsent(agent: supertest.Agent, c: TestClient, extra: { scope?: string; state?: string; prompt?: string; codeChallenge?: string } = {}): Promise<ConsentPage> {
    const res = await agent.get(authorizeUrl({ clientId: c.clientId, redirectUri: c.redirectUri, state: 'st', ...extra }));
    expect(res.status).toBe(200);
    return { res, transactionId: hiddenInput(res.text, 'transaction_id'), csrf: hiddenInput(res.text, '_csrf') };
  }

  function decide(agent: supertest.Agent, page: Pick<ConsentPage, 'transactionId' | 'csrf'>, decision = 'allow') {
    return agent.post('/oauth2/authorize/decision').type('form')
      .send({ transaction_id: page.transactionId, _csrf: page.csrf, decision });
  }

  async function storedScopes(clientId: string, userId = aliceId): Promise<string[] | null> {
    const row = await t.dataSource.getRepository(ConsentEntity).findOneBy({ userId, clientId });
    return row ? row.scope.split(' ').sort() : null;
  }

  describe('the page', () => {
    it('#40 names the channel and its developer, describes each scope, and carries the documented form', async () => {
      const c = await createClient(t, { client_name: 'Acme Reader', owner_name: 'Acme Ltd.', description: 'Reads things.' });
      const { res } = await openConsent(await signedInAgent(t), c);
      expect(res.text).toContain('Acme Reader');
      expect(res.text).toContain('Acme Ltd.');
      expect(res.text).toContain('Reads things.');
      expect(res.text).toContain('Read your user id');
      expect(res.text).toContain('Read your username and display name');
      expect(res.text).toContain('https://app.example');
      expect(res.text).toContain('<form id="consent-form" method="post" action="/oauth2/authorize/decision"');
      expect(res.text).toMatch(/<input type="hidden" name="transaction_id" value="[A-Za-z0-9_-]{43}">/);
      expect(res.text).toMatch(/<input type="hidden" name="_csrf" value="[A-Za-z0-9_-]+">/);
      expect(res.text).toContain('<button type="submit" name="decision" value="allow"');
      expect(res.text).toContain('<button type="submit" name="decision" value="deny"');
      expect(res.headers['cache-control']).toBe('no-store');
    });

    it('#10 #12 is not frameable, sends no referrer and loads nothing from elsewhere', async () => {
      const { res } = await openConsent(await signedInAgent(t), await createClient(t));
      expect(res.headers['x-frame-options']).toBe('DENY');
      expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
      expect(res.headers['referrer-policy']).toBe('no-referrer');
      expect(res.headers['access-control-allow-origin']).toBeUndefined();
      expect(res.text).not.toMatch(/<script|style=|<iframe|(src|href)="(https?:)?\/\//i);
    });

    it('#40 says so when the developer gave no name, and escapes what channels registered', async () => {
      const c = await createClient(t, { client_name: '<img src=x onerror=alert(1)>' });
      const { res } = await openConsent(await signedInAgent(t), c);
      expect(res.text).toContain('did not give a name');
      expect(res.text).not.toContain('<img src=x');
      expect(res.text).toContain('&lt;img src&#x3D;x');
    });
  });

  describe('allow and deny', () => {
    it('#9 allow: 302 to redirect_uri with code, the exact state and iss; consent remembered', async () => {
      const c = await createClient(t);
      const agent = await signedInAgent(t);
      const page = await openConsent(agent, c, { scope: 'profile', state: 'x/y z+1' });
      const res = await decide(agent, page);
      expect(res.status).toBe(302);
      const location = new URL(res.headers.location);
      expect(`${location.origin}${location.pathname}`).toBe(c.redirectUri);
      expect(location.searchParams.get('code')).toMatch(/^ghc_/);
      expect(location.searchParams.get('state')).toBe('x/y z+1');
      expect(location.searchParams.get('iss')).toBe(ISS);
      expect(await storedScopes(c.clientId)).toEqual(['profile']);
      const { items } = await t.app.get(AuditLog).query({ action: 'consent.granted', targetId: c.clientId });
      expect(items).toHaveLength(1);
    });

    it('#9 deny: 302 to redirect_uri with error=access_denied, state and iss; nothing remembered', async () => {
      const c = await createClient(t);
      const agent = await signedInAgent(t);
      const res = await decide(agent, await openConsent(agent, c), 'deny');
      expect(res.status).toBe(302);
      const params = new URL(res.headers.location).searchParams;
      expect(Object.fromEntries(params)).toEqual({ error: 'access_denied', state: 'st', iss: ISS });
      expect(await storedScopes(c.clientId)).toBeNull();
    });

    it('refuses a decision other than allow or deny, on the error page', async () => {
      const c = await createClient(t);
      const agent = await signedInAgent(t);
      const page = await openConsent(agent, c);
      const res = await decide(agent, page, 'maybe');
      expect(res.status).toBe(400);
      expect(res.headers.location).toBeUndefined();
      // the request is still answerable
      expect((await decide(agent, page)).status).toBe(302);
    });
  });

  describe('remembered consent', () => {
    it('skips the page when it covers every requested scope', async () => {
      const c = await createClient(t);
      const first = await loginAndAuthorize(t, { clientId: c.clientId, redirectUri: c.redirectUri });
      expect(first.consentShown).toBe(true);
      const again = await loginAndAuthorize(t, { clientId: c.clientId, redirectUri: c.redirectUri, agent: first.agent, scope: 'profile', state: 's2' });
      expect(again.consentShown).toBe(false);
      expect(again.code).toBeDefined();
      expect(again.state).toBe('s2');
    });

    it('asks again for a new scope, marks what was allowed before, and merges the answer', async () => {
      const c = await createClient(t);
      const first = await loginAndAuthorize(t, { clientId: c.clientId, redirectUri: c.redirectUri, scope: 'profile' });
      const page = await openConsent(first.agent, c, { scope: 'profile user_id_read' });
      expect(page.res.text).toContain('allowed before');
      await decide(first.agent, page).expect(302);
      expect(await storedScopes(c.clientId)).toEqual(['profile', 'user_id_read']);
    });

    it('prompt=consent shows the page even when consent is remembered', async () => {
      const c = await createClient(t);
      const first = await loginAndAuthorize(t, { clientId: c.clientId, redirectUri: c.redirectUri });
      const again = await loginAndAuthorize(t, { clientId: c.clientId, redirectUri: c.redirectUri, prompt: 'consent', agent: first.agent });
      expect(again.consentShown).toBe(true);
      expect(again.code).toBeDefined();
    });

    it('prompt=none answers consent_required without consent, and a code with it', async () => {
      const c = await createClient(t);
      const agent = await signedInAgent(t);
      const none = await agent.get(authorizeUrl({ clientId: c.clientId, redirectUri: c.redirectUri, state: 'n', prompt: 'none' })).expect(302);
      expect(Object.fromEntries(new URL(none.headers.location).searchParams))
        .toMatchObject({ error: 'consent_required', state: 'n', iss: ISS });
      await loginAndAuthorize(t, { clientId: c.clientId, redirectUri: c.redirectUri, agent });
      const ok = await agent.get(authorizeUrl({ clientId: c.clientId, redirectUri: c.redirectUri, state: 'n', prompt: 'none' })).expect(302);
      expect(new URL(ok.headers.location).searchParams.get('code')).toMatch(/^ghc_/);
    });

    it('#40 never auto-approves a repeat request from a public client', async () => {
      const c = await createClient(t, { token_endpoint_auth_method: 'none', grant_types: ['authorization_code', 'refresh_token'] });
      const { challenge } = pkcePair();
      const first = await loginAndAuthorize(t, { clientId: c.clientId, redirectUri: c.redirectUri, codeChallenge: challenge });
      expect(first.code).toBeDefined();
      const page = await openConsent(first.agent, c, { codeChallenge: challenge });
      expect(page.res.text).toContain('allowed before');
      expect(page.res.text).toContain('You allowed this application before');
      const none = await first.agent.get(authorizeUrl({ clientId: c.clientId, redirectUri: c.redirectUri, codeChallenge: challenge, prompt: 'none' }));
      expect(new URL(none.headers.location).searchParams.get('error')).toBe('consent_required');
      expect((await decide(first.agent, page)).status).toBe(302);
    });

    it('a grant made concurrently from several requests ends as one row with every scope', async () => {
      const c = await createClient(t, { scope: 'user_id_read profile snsapi_login' });
      const consents = t.app.get(Consents);
      await Promise.all([
        consents.grant(aliceId, c.clientId, ['profile'], { actor: 'test' }),
        consents.grant(aliceId, c.clientId, ['user_id_read'], { actor: 'test' }),
        consents.grant(aliceId, c.clientId, ['snsapi_login'], { actor: 'test' }),
        consents.grant(aliceId, c.clientId, ['profile', 'user_id_read'], { actor: 'test' }),
      ]);
      expect(await t.dataSource.getRepository(ConsentEntity).countBy({ userId: aliceId, clientId: c.clientId })).toBe(1);
      expect(await storedScopes(c.clientId)).toEqual(['profile', 'snsapi_login', 'user_id_read']);
    });
  });

  describe('the transaction', () => {
    it('is answered once', async () => {
      const c = await createClient(t);
      const agent = await signedInAgent(t);
      const page = await openConsent(agent, c);
      await decide(agent, page).expect(302);
      const replay = await decide(agent, page);
      expect(replay.status).toBe(400);
      expect(replay.headers.location).toBeUndefined();
      expect(replay.text).toContain('expired or was already answered');
    });

    it('of two concurrent answers, exactly one wins', async () => {
      const c = await createClient(t);
      const agent = await signedInAgent(t);
      const page = await openConsent(agent, c);
      const answers = await Promise.all([decide(agent, page), decide(agent, page, 'deny'), decide(agent, page)]);
      expect(answers.map((r) => r.status).sort()).toEqual([302, 400, 400]);
    });

    it('belongs to the browser session that opened it', async () => {
      const c = await createClient(t);
      const mine = await signedInAgent(t);
      const page = await openConsent(mine, c);
      const otherBrowser = await signedInAgent(t);
      const grants = await otherBrowser.get('/account/grants');
      const res = await decide(otherBrowser, { transactionId: page.transactionId, csrf: hiddenInput(grants.text, '_csrf') });
      expect(res.status).toBe(400);
      expect(res.headers.location).toBeUndefined();
      await decide(mine, page).expect(302);
    });

    it('belongs to the user who opened it', async () => {
      const c = await createClient(t);
      const agent = await signedInAgent(t);
      const page = await openConsent(agent, c);
      // the same browser signs in as bob: the pending request stays alice's
      const login = await agent.get('/login');
      await agent.post('/login').type('form').send({ ...BOB, _csrf: hiddenInput(login.text, '_csrf'), return_to: '/' }).expect(302);
      const grants = await agent.get('/account/grants');
      const res = await decide(agent, { transactionId: page.transactionId, csrf: hiddenInput(grants.text, '_csrf') });
      expect(res.status).toBe(400);
      expect(await storedScopes(c.clientId, (await t.app.get(UsersService).findByUsername(BOB.username))!.id)).toBeNull();
    });

    it('expires', async () => {
      const c = await createClient(t);
      const agent = await signedInAgent(t);
      const page = await openConsent(agent, c);
      await t.dataSource.getRepository(InteractionEntity).update({ id: page.transactionId }, { expiresAt: new Date(Date.now() - 1000) });
      expect((await decide(agent, page)).status).toBe(400);
    });

    it('is unguessable: an unknown id is refused', async () => {
      const agent = await signedInAgent(t);
      const grants = await agent.get('/account/grants');
      const res = await decide(agent, { transactionId: 'A'.repeat(43), csrf: hiddenInput(grants.text, '_csrf') });
      expect(res.status).toBe(400);
    });

    it('stops when the channel is suspended in the meantime: error page, no redirect', async () => {
      const c = await createClient(t);
      const agent = await signedInAgent(t);
      const page = await openConsent(agent, c);
      await t.app.get(ClientLifecycle).suspend(c.clientId, 'abuse', { actor: 'test' });
      const res = await decide(agent, page);
      expect(res.status).toBe(400);
      expect(res.headers.location).toBeUndefined();
      expect(await storedScopes(c.clientId)).toBeNull();
    });
  });

  describe('changes made while the page was open', () => {
    it('stops when the redirect_uri was unregistered: error page, no redirect', async () => {
      const c = await createClient(t, { redirect_uris: ['https://app.example/cb', 'https://app.example/other'] });
      const agent = await signedInAgent(t);
      const page = await openConsent(agent, c);
      const { ClientsService } = await import('../../libs/clients/src');
      await t.app.get(ClientsService).update(c.clientId, { redirect_uris: ['https://app.example/other'] }, { actor: 'test' });
      const res = await decide(agent, page);
      expect(res.status).toBe(400);
      expect(res.headers.location).toBeUndefined();
    });

    it('answers invalid_scope when a requested scope was withdrawn from the channel', async () => {
      const c = await createClient(t);
      const agent = await signedInAgent(t);
      const page = await openConsent(agent, c, { scope: 'profile user_id_read' });
      const { ClientsService } = await import('../../libs/clients/src');
      await t.app.get(ClientsService).update(c.clientId, { scope: 'profile' }, { actor: 'test' });
      const res = await decide(agent, page);
      expect(res.status).toBe(302);
      expect(new URL(res.headers.location).searchParams.get('error')).toBe('invalid_scope');
      expect(await storedScopes(c.clientId)).toBeNull();
    });
  });

  describe('CSRF', () => {
    it('refuses a decision without the token or with a wrong one (403), and the request stays answerable', async () => {
      const c = await createClient(t);
      const agent = await signedInAgent(t);
      const page = await openConsent(agent, c);
      const missing = await agent.post('/oauth2/authorize/decision').type('form').send({ transaction_id: page.transactionId, decision: 'allow' });
      const wrong = await decide(agent, { ...page, csrf: 'not-the-token' });
      for (const res of [missing, wrong]) {
        expect(res.status).toBe(403);
        expect(res.headers.location).toBeUndefined();
      }
      await decide(agent, page).expect(302);
    });

    it('refuses a cross-site post that carries no session cookie (SameSite=Lax)', async () => {
      const c = await createClient(t);
      const agent = await signedInAgent(t);
      const page = await openConsent(agent, c);
      const res = await decide(t.http(), page);
      expect(res.status).toBe(403);
    });

    it('refuses a decision after logout', async () => {
      const c = await createClient(t);
      const agent = await signedInAgent(t);
      const page = await openConsent(agent, c);
      await agent.post('/logout').type('form').send({ _csrf: page.csrf }).expect(200);
      expect((await decide(agent, page)).status).toBe(403);
    });
  });
});
