import { startTestApp, TestApp } from '../support/app';
import { authorizeUrl, loginAndAuthorize, signedInAgent } from '../support/browser-flow';
import { ALICE, createClient, createUser, TestClient } from '../support/fixtures';
import { sleep } from '../support/tokens';

describe('OIDC authorization request parameters: max_age, login_hint (OIDC Core §3.1.2.1)', () => {
  let t: TestApp;
  let rp: TestClient;
  beforeAll(async () => {
    t = await startTestApp();
    await createUser(t, ALICE);
    rp = await createClient(t, { scope: 'openid profile' });
  });
  afterAll(async () => { await t.close(); });

  const request = (extra: Record<string, string>) => ({ clientId: rp.clientId, redirectUri: rp.redirectUri, scope: 'openid', extra });

  it('asks for the password again when the login is older than max_age', async () => {
    const agent = await signedInAgent(t);
    await sleep(1100);
    const fresh = await agent.get(authorizeUrl(request({ max_age: '3600' })));
    expect(fresh.headers.location ?? '').not.toMatch(/^\/login/);
    const stale = await agent.get(authorizeUrl(request({ max_age: '1' }))).expect(302);
    expect(stale.headers.location).toMatch(/^\/login\?return_to=/);
    const done = await loginAndAuthorize(t, { ...request({ max_age: '1' }), agent });
    expect(done.loginShown).toBe(true);
    expect(done.code).toBeDefined();
  });

  it('answers login_required for prompt=none when the login is older than max_age', async () => {
    const agent = await signedInAgent(t);
    await sleep(1100);
    const res = await agent.get(authorizeUrl({ ...request({ max_age: '0' }), prompt: 'none' })).expect(302);
    expect(new URL(res.headers.location).searchParams.get('error')).toBe('login_required');
  });

  it('refuses a malformed max_age with invalid_request', async () => {
    const agent = await signedInAgent(t);
    const res = await agent.get(authorizeUrl(request({ max_age: '-5', state: 's1' }))).expect(302);
    const params = new URL(res.headers.location).searchParams;
    expect(params.get('error')).toBe('invalid_request');
    expect(params.get('state')).toBe('s1');
  });

  it('prefills the username from login_hint', async () => {
    const res = await t.http().get(authorizeUrl(request({ login_hint: 'alice' }))).expect(302);
    const page = await t.http().get(res.headers.location).expect(200);
    expect(page.text).toMatch(/<input id="username" name="username" type="text" value="alice"/);
  });
});
