import supertest from 'supertest';
import { startTestApp, TestApp } from '../support/app';
import { hiddenInput } from '../support/browser-flow';
import { ADMIN, ALICE, createUser } from '../support/fixtures';

/**
 * Issue 14, finding 7: every cookie-less GET /login wrote a session row (300 requests, 300 rows).
 * Anonymous login pages now carry a signed double-submit CSRF token (cookie `gh_csrf` = hidden
 * `_csrf`); the session row is created by the login itself. The CSRF check stays.
 */
describe('anonymous login pages write nothing (issue 14 #7)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
    await createUser(t, ALICE);
    await createUser(t, { ...ADMIN, isAdmin: true });
  });
  afterAll(() => t.close());

  async function sessionRows(): Promise<number> {
    const [{ n }] = await t.dataSource.query('SELECT COUNT(*) AS n FROM sessions');
    return Number(n);
  }

  function cookie(res: supertest.Response, name: string): string | undefined {
    const line = ([] as string[]).concat(res.headers['set-cookie'] ?? []).find((c) => c.startsWith(`${name}=`));
    return line?.split(';')[0].slice(name.length + 1);
  }

  it.each(['/login', '/admin/login'])('#7 300 cookie-less GET %s add 0 session rows', async (page) => {
    const before = await sessionRows();
    for (let i = 0; i < 300; i += 30) {
      await Promise.all(Array.from({ length: 30 }, () => t.http().get(`${page}?return_to=%2F`).expect(200)));
    }
    expect(await sessionRows()).toBe(before);
  });

  it.each(['/login', '/admin/login'])('#7 the page sets a signed gh_csrf cookie, HttpOnly and SameSite=Lax, equal to the form token (%s)', async (page) => {
    const res = await t.http().get(page).expect(200);
    const line = ([] as string[]).concat(res.headers['set-cookie'] ?? []).find((c) => c.startsWith('gh_csrf=')) ?? '';
    expect(line).toMatch(/HttpOnly/i);
    expect(line).toMatch(/SameSite=Lax/i);
    expect(cookie(res, 'gh_session')).toBeUndefined();
    expect(cookie(res, 'gh_csrf')).toBe(hiddenInput(res.text, '_csrf'));
  });

  it.each([
    ['/login', ALICE, '/account/grants'],
    ['/admin/login', ADMIN, '/admin'],
  ])('#7 a login from %s creates exactly one session row, which then works', async (page, user, returnTo) => {
    const before = await sessionRows();
    const agent = t.http();
    const form = await agent.get(page).expect(200);
    const res = await agent.post(page).type('form')
      .send({ ...user, _csrf: hiddenInput(form.text, '_csrf'), return_to: returnTo }).expect(302);
    expect(cookie(res, 'gh_session')).toMatch(/^ghsess_/);
    expect(await sessionRows()).toBe(before + 1);
    await agent.get(returnTo).expect(200);
  });

  it.each(['/login', '/admin/login'])('#7 CSRF still holds at %s: no token, a wrong one, a token without its cookie, a forged pair → 403, no row', async (page) => {
    const user = page === '/login' ? ALICE : ADMIN;
    const agent = t.http();
    const form = await agent.get(page).expect(200);
    const csrf = hiddenInput(form.text, '_csrf');
    const before = await sessionRows();
    const forged = csrf.slice(0, -4) + (csrf.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    const refused = [
      await agent.post(page).type('form').send({ ...user, return_to: '/' }),
      await agent.post(page).type('form').send({ ...user, _csrf: `${csrf}x`, return_to: '/' }),
      await t.http().post(page).type('form').send({ ...user, _csrf: csrf, return_to: '/' }),
      await t.http().post(page).set('Cookie', `gh_csrf=${forged}`).type('form').send({ ...user, _csrf: forged, return_to: '/' }),
      await t.http().post(page).set('Cookie', 'gh_csrf=attacker-made-up').type('form').send({ ...user, _csrf: 'attacker-made-up', return_to: '/' }),
    ];
    for (const res of refused) {
      expect(res.status).toBe(403);
      expect(cookie(res, 'gh_session')).toBeUndefined();
    }
    expect(await sessionRows()).toBe(before);
    await agent.post(page).type('form').send({ ...user, _csrf: csrf, return_to: '/' }).expect(302);
  });

  it("#7 another browser's token is refused", async () => {
    const a = t.http();
    const b = t.http();
    const pageA = await a.get('/login').expect(200);
    await b.get('/login').expect(200);
    await b.post('/login').type('form').send({ ...ALICE, _csrf: hiddenInput(pageA.text, '_csrf'), return_to: '/' }).expect(403);
  });

  it('#7 a wrong password re-renders the form with a token that still works, and writes no row', async () => {
    const agent = t.http();
    const form = await agent.get('/login').expect(200);
    const before = await sessionRows();
    const failed = await agent.post('/login').type('form')
      .send({ username: ALICE.username, password: 'wrong-password', _csrf: hiddenInput(form.text, '_csrf'), return_to: '/' }).expect(401);
    expect(await sessionRows()).toBe(before);
    await agent.post('/login').type('form').send({ ...ALICE, _csrf: hiddenInput(failed.text, '_csrf'), return_to: '/' }).expect(302);
  });
});
