import { UserEntity } from '../../libs/persistence/src';
import { adminToken, bearer } from '../support/admin';
import { startTestApp, TestApp } from '../support/app';
import { hiddenInput, loginAndAuthorize } from '../support/browser-flow';
import { ADMIN, createClient, TestClient } from '../support/fixtures';
import { FakePlatform } from '../support/fake-platform';
import { redeemCode } from '../support/tokens';

/**
 * PRODUCT.md "Delegated login", LOGIN_MODE=verify: Gatehouse's login page, the password checked
 * by a signed POST to the platform (a real HTTP server on 127.0.0.1:0 that verifies the
 * signature itself). Each group starts its own Gatehouse: the circuit breaker is per process.
 */
const SECRET = 'verify-secret-0123456789abcdef';
const CAROL = { username: 'carol', password: 'carol-platform-pw' };

async function setUp(env: Record<string, string> = {}): Promise<{ t: TestApp; platform: FakePlatform; app: TestClient }> {
  const platform = new FakePlatform(SECRET);
  const url = await platform.start();
  platform.users = { carol: { password: CAROL.password, user_id: 'plat-77', display_name: 'Carol Chen' } };
  const t = await startTestApp({
    env: {
      LOGIN_MODE: 'verify', LOGIN_VERIFY_URL: `${url}/verify`, LOGIN_VERIFY_SECRET: SECRET, THROTTLE_LOGIN_PER_ACCOUNT: '3', ...env,
    },
  });
  const app = await createClient(t, { scope: 'openid user_id_read', grant_types: ['authorization_code'] });
  return { t, platform, app };
}

async function postLogin(t: TestApp, user: { username: string; password: string }): Promise<{ status: number; text: string; ms: number; retryAfter?: string }> {
  const agent = t.http();
  const page = await agent.get('/login?return_to=%2Faccount%2Fgrants');
  const started = Date.now();
  const res = await agent.post('/login').type('form').send({
    ...user, _csrf: hiddenInput(page.text, '_csrf'), return_to: '/account/grants',
  });
  return { status: res.status, text: res.text, ms: Date.now() - started, retryAfter: res.headers['retry-after'] as string | undefined };
}

describe('delegated login: LOGIN_MODE=verify', () => {
  describe('a platform that answers', () => {
    let t: TestApp;
    let platform: FakePlatform;
    let app: TestClient;
    beforeAll(async () => ({ t, platform, app } = await setUp()));
    afterAll(async () => {
      await t?.close();
      await platform?.stop();
    });

    it('signs the user in with the platform\'s user_id after a signed POST the platform verified', async () => {
      const result = await loginAndAuthorize(t, { clientId: app.clientId, redirectUri: app.redirectUri, scope: 'openid user_id_read', user: CAROL });
      expect(result.loginShown).toBe(true);
      expect(result.code).toBeTruthy();
      expect(platform.signatures).toEqual([true]);
      expect(platform.verifyBodies).toEqual([{ username: 'carol', password: CAROL.password }]);
      const tokens = await redeemCode(t, app, result.code as string);
      expect(tokens.status).toBe(200);
      const me = await t.http().get('/api/v1/me').set('Authorization', bearer(tokens.body.access_token));
      expect(me.body.user_id).toBe('plat-77');
      const user = await t.dataSource.getRepository(UserEntity).findOneByOrFail({ id: 'plat-77' });
      expect(user).toMatchObject({ username: 'carol', displayName: 'Carol Chen', passwordHash: null });
    });

    it('401 from the platform is a failed login, counted by the throttle (429 after THROTTLE_LOGIN_PER_ACCOUNT)', async () => {
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) statuses.push((await postLogin(t, { username: 'carol', password: `wrong-${i}` })).status);
      expect(statuses).toEqual([401, 401, 401, 429]);
      const locked = await postLogin(t, CAROL);
      expect(locked.status).toBe(429);
    });

    it('the platform checks the signature: signed with another secret, it refuses and sign-in is unavailable', async () => {
      platform.secret = 'some-other-secret-0123456789';
      const before = platform.signatures.length;
      const res = await postLogin(t, { username: 'someone', password: 'whatever-pw' });
      expect(res.status).toBe(503);
      expect(platform.signatures.slice(before)).toEqual([false]);
      platform.secret = SECRET;
      expect((await postLogin(t, { username: 'someone', password: 'whatever-pw' })).status).toBe(401);
      expect(platform.signatures.slice(before)).toEqual([false, true]);
    });

    it('operators sign in to the console locally, without asking the platform', async () => {
      await adminToken(t);
      const calls = platform.verifyCalls;
      platform.mode = 'error';
      const agent = t.http();
      const form = await agent.get('/admin/login');
      const res = await agent.post('/admin/login').type('form').send({ username: ADMIN.username, password: ADMIN.password, _csrf: hiddenInput(form.text, '_csrf') });
      expect(res.status).toBe(302);
      expect(platform.verifyCalls).toBe(calls);
      platform.mode = 'ok';
    });
  });

  describe('a platform that is down or slow', () => {
    let t: TestApp;
    let platform: FakePlatform;
    beforeAll(async () => ({ t, platform } = await setUp({ LOGIN_VERIFY_TIMEOUT_MS: '400', LOGIN_VERIFY_BREAKER_FAILURES: '3', LOGIN_VERIFY_BREAKER_SECONDS: '1' })));
    afterAll(async () => {
      await t?.close();
      await platform?.stop();
    });

    it('an error answer: 503 "sign-in is unavailable", not counted as a failed login', async () => {
      platform.mode = 'error';
      for (let i = 0; i < 4; i++) {
        const res = await postLogin(t, CAROL);
        expect(res.status).toBe(503);
        expect(res.text).toMatch(/Sign-in is unavailable/);
        expect(res.retryAfter).toBeDefined();
      }
      platform.mode = 'ok';
      await new Promise((r) => setTimeout(r, 1100)); // the breaker (3 failures, 1 s) lets a call through again
      // THROTTLE_LOGIN_PER_ACCOUNT is 3: four failures while down did not lock the account.
      expect((await postLogin(t, CAROL)).status).toBe(302);
    });

    it('no answer within the timeout: 503 in about that time, nothing hangs', async () => {
      platform.mode = 'hang';
      const res = await postLogin(t, CAROL);
      expect(res.status).toBe(503);
      expect(res.ms).toBeGreaterThanOrEqual(350);
      expect(res.ms).toBeLessThan(3000);
      platform.mode = 'slow';
      platform.slowMs = 1500;
      expect((await postLogin(t, CAROL)).status).toBe(503);
      platform.mode = 'ok';
      expect((await postLogin(t, CAROL)).status).toBe(302); // closes the breaker again
    });

    it('circuit breaker: after 3 failures in a row the platform is not called for a while, then tried again', async () => {
      platform.mode = 'error';
      for (let i = 0; i < 3; i++) expect((await postLogin(t, CAROL)).status).toBe(503);
      const calls = platform.verifyCalls;
      const skipped = await postLogin(t, CAROL);
      expect(skipped.status).toBe(503);
      expect(skipped.ms).toBeLessThan(1000);
      expect(platform.verifyCalls).toBe(calls);
      platform.mode = 'ok';
      await new Promise((r) => setTimeout(r, 1100));
      expect((await postLogin(t, CAROL)).status).toBe(302);
      expect(platform.verifyCalls).toBe(calls + 1);
    });
  });

  describe('LOGIN_VERIFY_MIGRATE=true', () => {
    let t: TestApp;
    let platform: FakePlatform;
    beforeAll(async () => ({ t, platform } = await setUp({ LOGIN_VERIFY_MIGRATE: 'true' })));
    afterAll(async () => {
      await t?.close();
      await platform?.stop();
    });

    it('stores the confirmed password as argon2id; later sign-ins are local, even with the platform down', async () => {
      expect((await postLogin(t, CAROL)).status).toBe(302);
      const user = await t.dataSource.getRepository(UserEntity).findOneByOrFail({ id: 'plat-77' });
      expect(user.passwordHash).toMatch(/^\$argon2id\$/);
      platform.mode = 'error';
      const calls = platform.verifyCalls;
      expect((await postLogin(t, CAROL)).status).toBe(302);
      expect((await postLogin(t, { ...CAROL, password: 'not-it-at-all' })).status).toBe(401);
      expect(platform.verifyCalls).toBe(calls);
    });
  });
});
