import fc from 'fast-check';
import { startTestApp, TestApp } from '../support/app';
import { hiddenInput } from '../support/browser-flow';
import { ADMIN, ALICE, createUser } from '../support/fixtures';
import { fcRuns } from '../support/hostile';

/**
 * Issue 14, finding 4: a return_to with characters outside Latin-1 (`/中`) made the 302 of a
 * successful login a 500 (Node refuses such a Location header). Whatever return_to a login post
 * carries, a right password answers a 302 to a relative path of this server: the value
 * percent-encoded, or "/" (the console: "/admin").
 */
describe('return_to after a successful login (issue 14 #4)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
    await createUser(t, ALICE);
    await createUser(t, { ...ADMIN, isAdmin: true });
  });
  afterAll(() => t.close());

  async function login(page: '/login' | '/admin/login', user: { username: string; password: string }, returnTo: string) {
    const agent = t.http();
    const form = await agent.get(page).expect(200);
    return agent.post(page).type('form').send({
      username: user.username, password: user.password, _csrf: hiddenInput(form.text, '_csrf'), return_to: returnTo,
    });
  }

  /** Only a path of this server: one leading "/", no second "/" or "\" after it, nothing outside printable ASCII. */
  function expectSameServerRedirect(status: number, location: string | undefined): void {
    expect(status).toBe(302);
    expect(location).toMatch(/^\/(?![/\\])/);
    expect(location).toMatch(/^[\x21-\x7e]*$/);
    expect(new URL(location!, 'http://gatehouse.invalid').origin).toBe('http://gatehouse.invalid');
  }

  it('#4 POST /login with return_to=/中 answers 302 to the percent-encoded path', async () => {
    const res = await login('/login', ALICE, '/中?q=é#ü');
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe('/%E4%B8%AD?q=%C3%A9#%C3%BC');
  });

  it('#4 the console login with return_to=/admin/中 answers 302 to the percent-encoded path', async () => {
    const res = await login('/admin/login', ADMIN, '/admin/中');
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe('/admin/%E4%B8%AD');
  });

  it('#4 Latin-1 characters are percent-encoded too, not sent raw', async () => {
    const res = await login('/login', ALICE, '/caf\u00e9\u00a0');
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe('/caf%C3%A9%C2%A0');
  });

  const oddReturnTo = fc.oneof(
    fc.string({ unit: 'grapheme', maxLength: 30 }).map((s) => `/${s}`),
    fc.string({ unit: 'binary', maxLength: 30 }).map((s) => `/${s}`),
    fc.string({ unit: 'binary', maxLength: 30 }),
    fc.string({ unit: 'grapheme', maxLength: 30 }).map((s) => `/admin/${s}`),
    fc.constantFrom('/中', '/ÿ', '/\u0100', '/\u2028', '/\uFEFF', '/%', '/%zz', '//中.example', '/\\中', '/\u3000/evil', '/admin?中', '\u4e2d', '/😀'),
  );

  it('#4 property: any return_to on either login gives a 302 to a same-server relative path, never a 5xx', async () => {
    await fc.assert(fc.asyncProperty(oddReturnTo, fc.boolean(), async (returnTo, consolePage) => {
      const res = consolePage ? await login('/admin/login', ADMIN, returnTo) : await login('/login', ALICE, returnTo);
      expect(res.status).toBeLessThan(500);
      expectSameServerRedirect(res.status, res.headers.location);
      if (consolePage) expect(res.headers.location).toMatch(/^\/admin(\/|\?|$)/);
    }), fcRuns(60));
  });

  it('#4 GET /login with an odd return_to renders the page, never a 5xx', async () => {
    await fc.assert(fc.asyncProperty(oddReturnTo, async (returnTo) => {
      const res = await t.http().get(`/login?return_to=${encodeURIComponent(returnTo.replace(/[\uD800-\uDFFF]/g, 'x'))}`);
      expect(res.status).toBe(200);
    }), fcRuns(40));
  });
});
