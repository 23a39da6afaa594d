import supertest from 'supertest';
import { UsersService } from '../../libs/accounts/src';
import { AuditLog } from '../../libs/persistence/src';
import { startTestApp, TestApp } from '../support/app';
import { hiddenInput, loginAndAuthorize, signedInAgent } from '../support/browser-flow';
import { ALICE, BOB, createClient, createUser } from '../support/fixtures';

const GENERIC_ERROR = 'The username or password is incorrect.';
const LOCKED = 'Too many failed sign-in attempts';

function cookieValue(res: supertest.Response, name = 'gh_session'): string | undefined {
  const cookies = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
  const line = cookies.find((c) => c.startsWith(`${name}=`));
  return line?.split(';')[0].slice(name.length + 1);
}

function setCookieLine(res: supertest.Response, name = 'gh_session'): string {
  return ([] as string[]).concat(res.headers['set-cookie'] ?? []).find((c) => c.startsWith(`${name}=`)) ?? '';
}

/** A fresh browser on the login page: its cookie and CSRF token. */
async function openLogin(t: TestApp, returnTo?: string): Promise<{ agent: supertest.Agent; csrf: string; cookie: string; page: supertest.Response }> {
  const agent = t.http();
  const page = await agent.get(returnTo === undefined ? '/login' : `/login?return_to=${encodeURIComponent(returnTo)}`).expect(200);
  return { agent, csrf: hiddenInput(page.text, '_csrf'), cookie: cookieValue(page) ?? '', page };
}

async function postLogin(t: TestApp, user: { username: string; password: string }, returnTo = '/account/grants'): Promise<supertest.Response> {
  const { agent, csrf } = await openLogin(t);
  return agent.post('/login').type('form').send({ ...user, _csrf: csrf, return_to: returnTo });
}

describe('login, logout and the browser session', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
    await createUser(t, ALICE);
    await createUser(t, BOB);
  });
  afterAll(async () => { await t.close(); });

  describe('GET /login', () => {
    it('renders the documented form with a label on every input', async () => {
      const { page } = await openLogin(t, '/account/grants');
      expect(page.text).toContain('<form id="login-form" method="post" action="/login"');
      for (const name of ['username', 'password']) {
        expect(page.text).toMatch(new RegExp(`<input id="${name}" name="${name}"`));
        expect(page.text).toContain(`<label for="${name}">`);
      }
      expect(page.text).toMatch(/<input type="hidden" name="_csrf" value="[A-Za-z0-9_-]{20,}">/);
      expect(hiddenInput(page.text, 'return_to')).toBe('/account/grants');
      expect(page.headers['cache-control']).toBe('no-store');
    });

    it('#10 #12 forbids framing and referrers and loads nothing from elsewhere', async () => {
      const { page } = await openLogin(t);
      expect(page.headers['x-frame-options']).toBe('DENY');
      expect(page.headers['content-security-policy']).toContain("frame-ancestors 'none'");
      expect(page.headers['referrer-policy']).toBe('no-referrer');
      // No inline script and nothing third-party: the only scripts are this server's own files
      // (the passkey button's, CSP script-src 'self').
      expect(page.text).not.toMatch(/<script(?! src="\/static\/[\w./-]+" defer><\/script>)|style=|(src|href)="(https?:)?\/\//i);
      expect([...page.text.matchAll(/<script src="([^"]+)"/g)].map((m) => m[1])).toEqual(['/static/webauthn/index.umd.min.js', '/static/passkeys.js']);
      expect(page.headers['content-security-policy']).toMatch(/script-src 'self'(;|$)/);
    });

    it('gives an anonymous visitor no session (issue 14 #7) but a gh_csrf cookie: HttpOnly, SameSite=Lax, Path=/, not Secure over http', async () => {
      const { page } = await openLogin(t);
      expect(setCookieLine(page)).toBe('');
      const line = setCookieLine(page, 'gh_csrf');
      expect(line).toMatch(/^gh_csrf=[A-Za-z0-9_-]{72};/);
      expect(line).toMatch(/HttpOnly/i);
      expect(line).toMatch(/SameSite=Lax/i);
      expect(line).toMatch(/Path=\//);
      expect(line).not.toMatch(/Secure/i);
    });

    it('the login sets the session cookie: gh_session, HttpOnly, SameSite=Lax, Path=/, not Secure over http', async () => {
      const line = setCookieLine(await postLogin(t, ALICE));
      expect(line).toMatch(/^gh_session=ghsess_[A-Za-z0-9_-]{43};/);
      expect(line).toMatch(/HttpOnly/i);
      expect(line).toMatch(/SameSite=Lax/i);
      expect(line).toMatch(/Path=\//);
      expect(line).not.toMatch(/Secure/i);
    });

    it('carries the authorize URL in return_to, HTML-escaped only where needed and not injectable', async () => {
      const path = '/oauth2/authorize?response_type=code&client_id=c1&state=a%20b';
      const { page } = await openLogin(t, path);
      expect(page.text).toContain('name="return_to" value="/oauth2/authorize?response_type=code&amp;client_id=c1&amp;state=a%20b"');
      expect(hiddenInput(page.text, 'return_to')).toBe(path);
      const hostile = await openLogin(t, '/x?"><script>alert(1)</script>');
      expect(hostile.page.text).not.toContain('<script>');
      expect(hiddenInput(hostile.page.text, 'return_to')).toBe('/x?"><script>alert(1)</script>');
    });

    it.each(['//evil.example', 'https://evil.example', '/\\evil.example'])('#6 renders return_to=%s as "/"', async (returnTo) => {
      const { page } = await openLogin(t, returnTo);
      expect(hiddenInput(page.text, 'return_to')).toBe('/');
    });
  });

  describe('POST /login', () => {
    it('#9 answers 302 (never 307) to return_to', async () => {
      const res = await postLogin(t, ALICE, '/oauth2/authorize?client_id=x&state=1');
      expect(res.status).toBe(302);
      expect(res.headers.location).toBe('/oauth2/authorize?client_id=x&state=1');
    });

    it.each(['//evil.example', 'https://evil.example', '/\\evil.example', 'http:evil.example', '/\t/evil.example', 'javascript:alert(1)'])(
      '#6 never follows return_to=%p off this server',
      async (returnTo) => {
        const res = await postLogin(t, ALICE, returnTo);
        expect(res.status).toBe(302);
        expect(res.headers.location).toBe('/');
      },
    );

    it('answers one generic message for an unknown user, a wrong password and a disabled account', async () => {
      const carol = await createUser(t, { username: 'carol', password: 'carol-password-1' });
      await t.app.get(UsersService).update(carol.id, { disabled: true }, { actor: 'test' });
      const answers = [
        await postLogin(t, { username: 'nobody-here', password: 'whatever-123' }),
        await postLogin(t, { username: BOB.username, password: 'wrong-password' }),
        await postLogin(t, { username: 'carol', password: 'carol-password-1' }),
      ];
      for (const res of answers) {
        expect(res.status).toBe(401);
        expect(res.headers.location).toBeUndefined();
        expect(res.text).toContain(GENERIC_ERROR);
        expect(res.text).toContain('id="login-form"');
        expect(res.text).not.toContain('password-1');
      }
      const bodies = answers.map((r) => r.text.replace(/value="[^"]*"/g, ''));
      expect(new Set(bodies).size).toBe(1);
    });

    it('keeps return_to and the username in the form it shows again', async () => {
      const { agent, csrf } = await openLogin(t);
      const res = await agent.post('/login').type('form')
        .send({ username: BOB.username, password: 'nope-nope', _csrf: csrf, return_to: '/account/grants' }).expect(401);
      expect(hiddenInput(res.text, 'return_to')).toBe('/account/grants');
      expect(res.text).toContain(`value="${BOB.username}"`);
    });

    it('refuses odd form values without a 500', async () => {
      const { agent, csrf } = await openLogin(t);
      const res = await agent.post('/login').type('form').send(`username=a&username=b&password=x&_csrf=${csrf}`);
      expect(res.status).toBe(401);
      const json = await agent.post('/login').send({ username: ['x'], password: { a: 1 }, _csrf: csrf });
      expect(json.status).toBe(401);
    });

    it('rotates the session id at login: the pre-login cookie stops working', async () => {
      // A browser that already has a session (anonymous pages no longer create one): sign in again as someone else.
      const { agent, csrf } = await openLogin(t);
      const first = await agent.post('/login').type('form').send({ ...BOB, _csrf: csrf, return_to: '/' }).expect(302);
      const before = cookieValue(first) as string;
      const page = await agent.get('/login').expect(200);
      const login = await agent.post('/login').type('form')
        .send({ ...ALICE, _csrf: hiddenInput(page.text, '_csrf'), return_to: '/account/grants' }).expect(302);
      const after = cookieValue(login);
      expect(after).toBeDefined();
      expect(after).not.toBe(before);
      const withOld = await t.http().get('/account/grants').set('Cookie', `gh_session=${before}`);
      expect(withOld.status).toBe(302);
      expect(withOld.headers.location).toBe('/login?return_to=%2Faccount%2Fgrants');
      await t.http().get('/account/grants').set('Cookie', `gh_session=${after}`).expect(200);
    });

    it('does not adopt a session id the browser made up (fixation)', async () => {
      const res = await t.http().post('/login').set('Cookie', 'gh_session=ghsess_attacker-chosen-value-000000000000000000000')
        .type('form').send({ ...ALICE, _csrf: 'x', return_to: '/' });
      expect(res.status).toBe(403);
    });

    it('records the login in the audit log', async () => {
      const alice = await t.app.get(UsersService).findByUsername(ALICE.username);
      await postLogin(t, ALICE).then((r) => expect(r.status).toBe(302));
      const { items } = await t.app.get(AuditLog).query({ action: 'user.login', targetId: alice?.id });
      expect(items.length).toBeGreaterThan(0);
    });
  });

  describe('CSRF', () => {
    it('refuses a login post without the token, with a wrong one, or without a session: 403 page', async () => {
      const { agent, csrf } = await openLogin(t);
      const missing = await agent.post('/login').type('form').send({ ...ALICE, return_to: '/' });
      const wrong = await agent.post('/login').type('form').send({ ...ALICE, _csrf: `${csrf}x`, return_to: '/' });
      const noSession = await t.http().post('/login').type('form').send({ ...ALICE, _csrf: csrf, return_to: '/' });
      for (const res of [missing, wrong, noSession]) {
        expect(res.status).toBe(403);
        expect(res.headers['content-type']).toMatch(/text\/html/);
        expect(res.text).toContain('forbidden');
        expect(res.headers['set-cookie']?.toString() ?? '').not.toMatch(/gh_session=ghsess_/);
      }
      // the right token still works afterwards
      await agent.post('/login').type('form').send({ ...ALICE, _csrf: csrf, return_to: '/' }).expect(302);
    });

    it("refuses another browser's token", async () => {
      const a = await openLogin(t);
      const b = await openLogin(t);
      await b.agent.post('/login').type('form').send({ ...ALICE, _csrf: a.csrf, return_to: '/' }).expect(403);
    });
  });

  describe('POST /logout', () => {
    it('needs the CSRF token, then destroys the session and shows the signed-out page (#6: never a redirect)', async () => {
      const agent = await signedInAgent(t);
      const grants = await agent.get('/account/grants').expect(200);
      const csrf = hiddenInput(grants.text, '_csrf');
      await agent.post('/logout').type('form').send({}).expect(403);
      await agent.get('/account/grants').expect(200);
      const out = await agent.post('/logout?redirect=https://evil.example&next=//evil.example').type('form')
        .send({ _csrf: csrf, redirect: 'https://evil.example' });
      expect(out.status).toBe(200);
      expect(out.headers.location).toBeUndefined();
      expect(out.text).toContain('You are signed out');
      expect(setCookieLine(out)).toMatch(/^gh_session=;/);
      await agent.get('/account/grants').expect(302);
    });

    it('kills the session on the server, not just the cookie', async () => {
      const { agent, csrf, cookie } = await openLogin(t);
      const login = await agent.post('/login').type('form').send({ ...ALICE, _csrf: csrf, return_to: '/' }).expect(302);
      const sid = cookieValue(login) as string;
      const page = await agent.get('/account/grants').expect(200);
      await agent.post('/logout').type('form').send({ _csrf: hiddenInput(page.text, '_csrf') }).expect(200);
      expect(cookie).not.toBe(sid);
      await t.http().get('/account/grants').set('Cookie', `gh_session=${sid}`).expect(302);
    });
  });

  describe('signed-in state', () => {
    it('stops counting a disabled account as signed in', async () => {
      const dave = await createUser(t, { username: 'dave', password: 'dave-password-1' });
      const agent = await signedInAgent(t, { username: 'dave', password: 'dave-password-1' });
      await agent.get('/account/grants').expect(200);
      await t.app.get(UsersService).update(dave.id, { disabled: true }, { actor: 'test' });
      await agent.get('/account/grants').expect(302);
    });

    it('prompt=login asks for the password again even with a session, once', async () => {
      const client = await createClient(t);
      const first = await loginAndAuthorize(t, { clientId: client.clientId, redirectUri: client.redirectUri, state: 'a' });
      const agent = first.agent;
      const path = `/oauth2/authorize?response_type=code&client_id=${client.clientId}&state=b&prompt=login`;
      const res = await agent.get(path).expect(302);
      expect(res.headers.location).toBe(`/login?return_to=${encodeURIComponent(path)}`);
      // coming back without a new login still asks
      await agent.get(path).expect(302).expect('Location', /^\/login\?/);
      const again = await loginAndAuthorize(t, { url: path, agent });
      expect(again.loginShown).toBe(true);
      expect(again.code).toBeDefined();
      expect(again.state).toBe('b');
    });

    it('prompt=login lets a different user sign in', async () => {
      const client = await createClient(t);
      const first = await loginAndAuthorize(t, { clientId: client.clientId, redirectUri: client.redirectUri });
      const asBob = await loginAndAuthorize(t, { clientId: client.clientId, prompt: 'login', user: BOB, agent: first.agent });
      expect(asBob.loginShown).toBe(true);
      expect(asBob.consentShown).toBe(true);
      expect(asBob.code).toBeDefined();
    });
  });
});

describe('login throttling', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { THROTTLE_LOGIN_PER_ACCOUNT_WINDOW: '3' } });
    await createUser(t, ALICE);
    await createUser(t, BOB);
  });
  afterAll(async () => { await t.close(); });

  it('locks an account after 5 failures (429, generic, even for the right password) while another account still logs in', async () => {
    for (let i = 0; i < 5; i++) {
      expect((await postLogin(t, { username: ALICE.username, password: `wrong-${i}` })).status).toBe(401);
    }
    const locked = await postLogin(t, ALICE);
    expect(locked.status).toBe(429);
    expect(locked.text).toContain(LOCKED);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    expect(locked.headers.location).toBeUndefined();
    // the same lock applies to a different spelling of the same account
    expect((await postLogin(t, { username: 'ALICE', password: ALICE.password })).status).toBe(429);
    // other accounts are not affected
    expect((await postLogin(t, BOB)).status).toBe(302);
  });

  it('locks unknown usernames the same way (nothing to enumerate)', async () => {
    for (let i = 0; i < 5; i++) await postLogin(t, { username: 'ghost', password: `wrong-${i}` });
    const res = await postLogin(t, { username: 'ghost', password: 'again' });
    expect(res.status).toBe(429);
    expect(res.text).toContain(LOCKED);
  });

  it('lifts the lock when its window has passed', async () => {
    for (let i = 0; i < 5; i++) await postLogin(t, { username: BOB.username, password: `wrong-${i}` });
    expect((await postLogin(t, BOB)).status).toBe(429);
    await new Promise((r) => setTimeout(r, 3200));
    expect((await postLogin(t, BOB)).status).toBe(302);
  });
});

describe('login throttling per address, and successes never count', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { THROTTLE_LOGIN_PER_ADDRESS: '4', THROTTLE_LOGIN_PER_ACCOUNT: '3' } });
    await createUser(t, ALICE);
    await createUser(t, BOB);
  });
  afterAll(async () => { await t.close(); });

  it('successful logins never count toward a lock', async () => {
    for (let i = 0; i < 6; i++) expect((await postLogin(t, ALICE)).status).toBe(302);
    expect((await postLogin(t, { username: ALICE.username, password: 'wrong' })).status).toBe(401);
    expect((await postLogin(t, ALICE)).status).toBe(302);
  });

  it('locks the address after THROTTLE_LOGIN_PER_ADDRESS failures, across usernames', async () => {
    // one failure above (alice), three more on other names
    for (const username of ['u1', 'u2', 'u3']) {
      expect((await postLogin(t, { username, password: 'wrong-password' })).status).toBe(401);
    }
    const res = await postLogin(t, BOB);
    expect(res.status).toBe(429);
    expect(res.text).toContain(LOCKED);
  });
});

describe('session cookie over https', () => {
  let t: TestApp;
  beforeAll(async () => { t = await startTestApp({ env: { ISSUER: 'https://id.example.com' } }); });
  afterAll(async () => { await t.close(); });

  it('is Secure when the issuer is https (the anonymous gh_csrf cookie and the session cookie)', async () => {
    await createUser(t, ALICE);
    const page = await t.http().get('/login').expect(200);
    expect(setCookieLine(page, 'gh_csrf')).toMatch(/;\s*Secure/i);
    // supertest speaks http, so it would not send a Secure cookie back by itself
    const login = await t.http().post('/login').set('Cookie', `gh_csrf=${cookieValue(page, 'gh_csrf')}`).type('form').send({ ...ALICE, _csrf: hiddenInput(page.text, '_csrf'), return_to: '/' }).expect(302);
    expect(setCookieLine(login)).toMatch(/;\s*Secure/i);
  });
});

describe('sessions after a credential change', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    await createUser(t, ALICE);
  });
  afterAll(async () => { await t.close(); });

  it('a password reset signs the user out everywhere', async () => {
    const agent = await signedInAgent(t, ALICE);
    await agent.get('/account/grants').expect(200);
    const alice = await t.app.get(UsersService).findByUsername(ALICE.username);
    await t.app.get(UsersService).update(alice!.id, { password: 'a-new-password-1' }, { actor: 'test' });
    const res = await agent.get('/account/grants').expect(302);
    expect(res.headers.location).toMatch(/^\/login\?return_to=/);
  });

  it('GET / sends a signed-in user to their granted applications', async () => {
    const res = await t.http().get('/').expect(302);
    expect(res.headers.location).toBe('/account/grants');
  });
});
