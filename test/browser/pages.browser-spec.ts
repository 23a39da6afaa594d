import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ClientsService } from '../../libs/clients/src';
import { Consents } from '../../libs/authorization/src';
import { startTestApp, TestApp } from '../support/app';
import { ADMIN, ALICE, basicAuth, createClient, createUser, REDIRECT_URI } from '../support/fixtures';
import { launchChromium, seriousAxeViolations } from './support/browser';

/**
 * Issue 5 in a real browser: the operator's console and the user's login, consent and grants
 * pages, driven through Chromium with axe-core checks. SCREENSHOTS=1 also writes the
 * documentation screenshots to docs/screenshots/.
 */
const SHOTS = process.env.SCREENSHOTS === '1' ? join(__dirname, '..', '..', 'docs', 'screenshots') : null;

describe('Pages in Chromium', () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let closeBrowser: () => Promise<void>;
  const axeFindings: Record<string, unknown[]> = {};

  beforeAll(async () => {
    t = await startTestApp({ env: { PLATFORM_NAME: 'Acme Open Platform' } });
    base = await t.listen();
    await createUser(t, { ...ADMIN, isAdmin: true });
    await createUser(t, ALICE);
    ({ browser, close: closeBrowser } = await launchChromium());
    if (SHOTS) mkdirSync(SHOTS, { recursive: true });
  });
  afterAll(async () => {
    await closeBrowser?.();
    await t?.close();
  });

  async function newPage(locale = 'en-US'): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ locale, extraHTTPHeaders: { 'Accept-Language': locale }, viewport: { width: 1200, height: 860 } });
    return { context, page: await context.newPage() };
  }

  async function axe(page: Page, name: string): Promise<void> {
    axeFindings[name] = await seriousAxeViolations(page);
  }

  async function shot(page: Page, name: string): Promise<void> {
    if (SHOTS) await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
  }

  async function operatorSignIn(page: Page, next = '/admin'): Promise<void> {
    await page.goto(`${base}${next}`);
    expect(page.url()).toContain('/admin/login?return_to=');
    await axe(page, 'admin login');
    await page.getByLabel('Username').fill(ADMIN.username);
    await page.getByLabel('Password').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${base}${next}`);
  }

  it('an operator signs in, approves a pending channel, rotates its secret (shown once) and reads the audit log', async () => {
    const pending = await createClient(t, { client_name: 'Harbor Notes', owner_name: 'Harbor Labs', description: 'Sync your notes across devices.' }, { approve: false });
    await createClient(t, { client_name: 'Tidal Reader', owner_name: 'Tidal Ltd.' }, { approve: false });
    const { context, page } = await newPage();
    await operatorSignIn(page);
    expect(await page.textContent('h1')).toBe('Dashboard');
    await axe(page, 'dashboard');

    await page.getByRole('link', { name: 'Pending', exact: true }).click();
    await page.waitForURL(`${base}/admin/pending`);
    await axe(page, 'pending');
    await shot(page, 'admin-pending');
    await page.getByRole('button', { name: 'Approve Harbor Notes' }).click();
    await page.waitForURL(`${base}/admin/pending`);
    expect(await page.textContent('[role="status"]')).toContain('Harbor Notes is approved.');
    expect((await t.app.get(ClientsService).get(pending.clientId)).status).toBe('approved');

    await page.goto(`${base}/admin/channels/${pending.clientId}`);
    await axe(page, 'channel');
    await shot(page, 'admin-channel');
    // Rotation cannot be undone: the form does not submit before the box is ticked (no JavaScript involved).
    await page.getByRole('button', { name: 'Rotate the secret' }).click();
    expect(page.url()).toBe(`${base}/admin/channels/${pending.clientId}`);
    expect(await page.locator('#new-secret').count()).toBe(0);
    await page.getByLabel('I understand that the current secret stops working').check();
    await page.getByRole('button', { name: 'Rotate the secret' }).click();
    await page.waitForSelector('#new-secret');
    const secret = await page.inputValue('#new-secret');
    expect(secret.length).toBeGreaterThan(30);
    await page.reload();
    expect(await page.locator('#new-secret').count()).toBe(0);
    expect(await page.content()).not.toContain(secret);

    await page.getByRole('link', { name: 'Audit log' }).click();
    await page.getByLabel('Action').fill('client.secret_rotated');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.waitForURL(/action=client.secret_rotated/);
    const rows = await page.locator('tbody tr').allTextContents();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toContain('admin:admin');
    expect(rows[0]).toContain(pending.clientId);
    await axe(page, 'audit');

    const adminId = (await t.dataSource.query('SELECT id FROM users WHERE username = ?', [ADMIN.username]))[0].id as string;
    // A channel locked from this address, so that the locks page shows a row with its clear form.
    const locked = await createClient(t);
    for (let i = 0; i < 10; i++) {
      await t.http().post('/oauth2/token').type('form').set('Authorization', basicAuth(locked.clientId, `ghs_guess-${i}`)).send({ grant_type: 'client_credentials' });
    }
    for (const path of ['/admin/channels', '/admin/users', `/admin/users/${adminId}`, '/admin/locks']) {
      await page.goto(`${base}${path}`);
      if (path === '/admin/locks') expect(await page.locator(`form[action^="/admin/locks/"] button`).count()).toBe(1);
      await axe(page, path);
    }
    await context.close();
  });

  it('a user signs in, sees the consent page in Chinese, allows, and lands on the redirect_uri with a code', async () => {
    const client = await createClient(t, { client_name: 'Harbor Notes', owner_name: 'Harbor Labs', description: 'Sync your notes across devices.' });
    const { context, page } = await newPage('zh-CN');
    let landed: URL | null = null;
    // The client's redirect URI is not a real server: the navigation is caught and answered here.
    await page.route(`${REDIRECT_URI}**`, async (route) => {
      landed = new URL(route.request().url());
      await route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>client</title><p>client</p>' });
    });
    const authorize = `${base}/oauth2/authorize?response_type=code&client_id=${client.clientId}&redirect_uri=${encodeURIComponent(REDIRECT_URI)}&scope=user_id_read%20profile&state=xyz123`;
    await page.goto(authorize);
    expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
    expect(await page.textContent('h1')).toBe('登录');
    await axe(page, 'login');
    await shot(page, 'login');
    await page.getByLabel('用户名').fill(ALICE.username);
    await page.getByLabel('密码').fill(ALICE.password);
    await page.getByRole('button', { name: '登录' }).click();
    await page.waitForSelector('#consent-form');
    const heading = await page.textContent('h1');
    expect(heading).toContain('Harbor Notes');
    expect(heading).toContain('请求访问您的账号');
    expect(await page.textContent('.scope-list')).toContain('读取您的');
    await axe(page, 'consent');
    await shot(page, 'consent');
    await page.getByRole('button', { name: '同意' }).click();
    await page.waitForURL(`${REDIRECT_URI}**`);
    expect(landed).not.toBeNull();
    const params = (landed as unknown as URL).searchParams;
    expect(params.get('code')).toMatch(/.{20,}/);
    expect(params.get('state')).toBe('xyz123');
    await context.close();
  });

  it('a user revokes a grant on /account/grants, and can switch the page language', async () => {
    const client = await createClient(t, { client_name: 'Lantern Maps', owner_name: 'Lantern Co.' });
    const { context, page } = await newPage();
    await page.goto(`${base}/account/grants`);
    await page.getByLabel('Username').fill(ALICE.username);
    await page.getByLabel('Password').fill(ALICE.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${base}/account/grants`);
    const userId = (await t.dataSource.query('SELECT id FROM users WHERE username = ?', [ALICE.username]))[0].id as string;
    await t.app.get(Consents).grant(userId, client.clientId, ['profile'], { actor: 'test', ip: null });
    await page.reload();
    await axe(page, 'grants');
    await page.getByRole('button', { name: 'Remove access for Lantern Maps' }).click();
    await page.waitForURL(`${base}/account/grants?revoked=1`);
    expect(await page.textContent('[role="status"]')).toContain('Access removed');
    expect(await page.locator('text=Lantern Maps').count()).toBe(0);
    expect(await t.app.get(Consents).listForUser(userId)).toEqual(expect.not.arrayContaining([expect.objectContaining({ clientId: client.clientId })]));

    await page.getByRole('link', { name: '简体中文' }).click();
    await page.waitForURL(/lang=zh-CN/);
    expect(await page.textContent('h1')).toBe('我的已授权应用');
    await page.goto(`${base}/account/grants`);
    expect(await page.textContent('h1')).toBe('我的已授权应用'); // remembered in the gh_lang cookie
    await context.close();
  });

  it('axe-core finds no serious or critical violations on any page visited', () => {
    expect(Object.keys(axeFindings).length).toBeGreaterThanOrEqual(9);
    expect(Object.fromEntries(Object.entries(axeFindings).filter(([, v]) => v.length > 0))).toEqual({});
  });
});
