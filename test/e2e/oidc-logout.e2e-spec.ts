import { generateKeyPairSync } from 'node:crypto';
import type supertest from 'supertest';
import { AuditLog } from '../../libs/persistence/src';
import { jose } from '../../libs/tokens/src/keys/jose';
import { IdTokens } from '../../libs/tokens/src/oidc/id-tokens.service';
import { startTestApp, TestApp } from '../support/app';
import { hiddenInput, loginAndAuthorize, signedInAgent } from '../support/browser-flow';
import { ALICE, BOB, createClient, createUser, TestClient } from '../support/fixtures';
import { redeemCode } from '../support/tokens';

const BYE = 'https://app.example/logged-out';

describe('RP-initiated logout (OpenID Connect RP-Initiated Logout 1.0)', () => {
  let t: TestApp;
  let rp: TestClient;
  let other: TestClient;
  let aliceId: string;
  let bobId: string;
  beforeAll(async () => {
    t = await startTestApp();
    aliceId = (await createUser(t, ALICE)).id;
    bobId = (await createUser(t, BOB)).id;
    rp = await createClient(t, { scope: 'openid profile', post_logout_redirect_uris: [BYE] });
    other = await createClient(t, { scope: 'openid profile', post_logout_redirect_uris: ['https://other.example/bye'] });
  });
  afterAll(async () => { await t.close(); });

  /** A browser signed in as ALICE and the ID Token `rp` received for that login. */
  async function signedInWithIdToken(client = rp): Promise<{ agent: supertest.Agent; idToken: string }> {
    const agent = await signedInAgent(t);
    const done = await loginAndAuthorize(t, { agent, clientId: client.clientId, redirectUri: client.redirectUri, scope: 'openid' });
    const tokens = await redeemCode(t, client, done.code!).expect(200);
    return { agent, idToken: tokens.body.id_token as string };
  }

  async function expectSignedIn(agent: supertest.Agent, yes: boolean): Promise<void> {
    const res = await agent.get('/account/grants');
    if (yes) expect(res.status).toBe(200);
    else expect(res.headers.location).toMatch(/^\/login/);
  }

  const logoutUrl = (params: Record<string, string>) => `/oauth2/logout?${new URLSearchParams(params).toString()}`;

  it('advertises end_session_endpoint in the discovery document', async () => {
    const res = await t.http().get('/.well-known/openid-configuration').expect(200);
    expect(res.body.end_session_endpoint).toBe(`${t.config.server.issuer}/oauth2/logout`);
  });

  it('ends the session at once for a valid id_token_hint and redirects to the registered URI with state', async () => {
    const { agent, idToken } = await signedInWithIdToken();
    const res = await agent.get(logoutUrl({ id_token_hint: idToken, post_logout_redirect_uri: BYE, state: 'st-1' })).expect(302);
    expect(res.headers.location).toBe(`${BYE}?state=st-1`);
    expect(res.headers['cache-control']).toContain('no-store');
    await expectSignedIn(agent, false);
    const events = await t.app.get(AuditLog).query({ action: 'user.logout', targetId: aliceId });
    expect(events.items[0]?.details).toMatchObject({ initiated_by: 'client', client_id: rp.clientId });
  });

  it('#6 never redirects to a post_logout_redirect_uri that is not registered exactly; shows the signed-out page', async () => {
    for (const uri of ['https://evil.example/bye', `${BYE}/`, `${BYE}?next=https://evil.example`, 'https://other.example/bye',
      'HTTPS://APP.EXAMPLE/logged-out']) {
      const { agent, idToken } = await signedInWithIdToken();
      const res = await agent.get(logoutUrl({ id_token_hint: idToken, post_logout_redirect_uri: uri, state: 's' }));
      expect(res.status).toBe(200);
      expect(res.headers.location).toBeUndefined();
      expect(res.text).toContain('logged-out-title');
      await expectSignedIn(agent, false);
    }
  });

  it('accepts an expired id_token_hint (the spec asks the OP to)', async () => {
    const agent = await signedInAgent(t);
    const expired = await t.app.get(IdTokens).issue(
      { clientId: rp.clientId, userId: aliceId, authTime: null, nonce: null, accessToken: 'x' }, new Date(Date.now() - 3600_000),
    );
    const res = await agent.get(logoutUrl({ id_token_hint: expired, post_logout_redirect_uri: BYE })).expect(302);
    expect(res.headers.location).toBe(BYE);
    await expectSignedIn(agent, false);
  });

  it('refuses a forged id_token_hint with an error page and keeps the session', async () => {
    const { agent, idToken } = await signedInWithIdToken();
    const [header, payload, signature] = idToken.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
    const tampered = `${header}.${Buffer.from(JSON.stringify({ ...claims, sub: 'someone-else' })).toString('base64url')}.${signature}`;
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const kid = (jose.decodeProtectedHeader(idToken).kid as string);
    const otherKey = await new jose.SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT' }).sign(privateKey);
    for (const hint of [tampered, otherKey, 'not-a-jwt', `${header}.${payload}.`]) {
      const res = await agent.get(logoutUrl({ id_token_hint: hint, post_logout_redirect_uri: BYE, state: 's' }));
      expect(res.status).toBe(400);
      expect(res.headers.location).toBeUndefined();
      expect(res.text).toContain('invalid_request');
    }
    await expectSignedIn(agent, true);
  });

  it('refuses a client_id that is not the audience of the hint, and an unknown client_id', async () => {
    const { agent, idToken } = await signedInWithIdToken();
    const mismatch = await agent.get(logoutUrl({ id_token_hint: idToken, client_id: other.clientId, post_logout_redirect_uri: 'https://other.example/bye' }));
    expect(mismatch.status).toBe(400);
    expect(mismatch.headers.location).toBeUndefined();
    expect(mismatch.text).toContain('invalid_request');
    const unknown = await agent.get(logoutUrl({ client_id: 'no-such-client', post_logout_redirect_uri: BYE }));
    expect(unknown.status).toBe(400);
    expect(unknown.headers.location).toBeUndefined();
    await expectSignedIn(agent, true);
  });

  it('#6 without a hint a third party cannot log the user out: the user confirms with a CSRF-protected form', async () => {
    const agent = await signedInAgent(t);
    const page = await agent.get(logoutUrl({ client_id: rp.clientId, post_logout_redirect_uri: BYE, state: 'st-2' })).expect(200);
    expect(page.text).toContain('id="logout-confirm-form"');
    await expectSignedIn(agent, true);

    const form = {
      confirm: 'yes', client_id: hiddenInput(page.text, 'client_id'),
      post_logout_redirect_uri: hiddenInput(page.text, 'post_logout_redirect_uri'), state: hiddenInput(page.text, 'state'),
    };
    const forged = await agent.post('/oauth2/logout').type('form').send({ ...form, _csrf: 'guessed' });
    expect(forged.status).toBe(403);
    const noToken = await agent.post('/oauth2/logout').type('form').send(form);
    expect(noToken.status).toBe(403);
    const viaGet = await agent.get(logoutUrl({ ...form, _csrf: hiddenInput(page.text, '_csrf') })).expect(200);
    expect(viaGet.text).toContain('id="logout-confirm-form"');
    await expectSignedIn(agent, true);

    const res = await agent.post('/oauth2/logout').type('form').send({ ...form, _csrf: hiddenInput(page.text, '_csrf') }).expect(302);
    expect(res.headers.location).toBe(`${BYE}?state=st-2`);
    await expectSignedIn(agent, false);
  });

  it('asks for confirmation when the hint names another user than the one signed in', async () => {
    const agent = await signedInAgent(t);
    const bobsToken = await t.app.get(IdTokens).issue({ clientId: rp.clientId, userId: bobId, authTime: null, nonce: null, accessToken: 'x' });
    const res = await agent.get(logoutUrl({ id_token_hint: bobsToken, post_logout_redirect_uri: BYE })).expect(200);
    expect(res.text).toContain('id="logout-confirm-form"');
    await expectSignedIn(agent, true);
  });

  it('accepts the logout request as a form POST from the relying party', async () => {
    const { agent, idToken } = await signedInWithIdToken();
    const res = await agent.post('/oauth2/logout').type('form').send({ id_token_hint: idToken, post_logout_redirect_uri: BYE, state: 'p' }).expect(302);
    expect(res.headers.location).toBe(`${BYE}?state=p`);
    await expectSignedIn(agent, false);
    const json = await t.http().post('/oauth2/logout').send({ id_token_hint: idToken });
    expect(json.status).toBe(400);
  });

  it('with nobody signed in there is nothing to end: straight to the registered URI, or the signed-out page', async () => {
    const res = await t.http().get(logoutUrl({ client_id: rp.clientId, post_logout_redirect_uri: BYE, state: 'z' })).expect(302);
    expect(res.headers.location).toBe(`${BYE}?state=z`);
    const page = await t.http().get('/oauth2/logout').expect(200);
    expect(page.text).toContain('logged-out-title');
  });

  it('refuses repeated parameters with invalid_request and no redirect', async () => {
    const res = await t.http().get(`/oauth2/logout?client_id=${rp.clientId}&post_logout_redirect_uri=${encodeURIComponent(BYE)}&state=a&state=b`);
    expect(res.status).toBe(400);
    expect(res.headers.location).toBeUndefined();
    expect(res.text).toContain('invalid_request');
  });
});
