import { createServer } from 'node:net';
import type { Browser, CDPSession, Page } from 'playwright-core';
import { startTestApp, TestApp } from '../support/app';
import { ALICE, createUser } from '../support/fixtures';
import { launchChromium, seriousAxeViolations } from './support/browser';

/**
 * Issue 18, passkeys in Chromium with a virtual authenticator (the DevTools WebAuthn domain: CTAP2,
 * built in, resident keys, user verification). WebAuthn needs a secure context and the ISSUER's
 * host name as rpID, so the app's ISSUER and every page URL use http://localhost:<port>.
 * The user registers a passkey on /account/security, then signs in with password + passkey, then
 * without a password.
 */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

describe('Passkeys in Chromium (virtual authenticator)', () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let closeBrowser: () => Promise<void>;

  beforeAll(async () => {
    const port = await freePort();
    base = `http://localhost:${port}`;
    t = await startTestApp({ env: { ISSUER: base } });
    await t.app.listen(port, '127.0.0.1');
    await createUser(t, ALICE);
    ({ browser, close: closeBrowser } = await launchChromium());
  });
  afterAll(async () => {
    await closeBrowser?.();
    await t?.close();
  });

  async function passwordStep(page: Page, next: string): Promise<void> {
    await page.goto(`${base}/login?return_to=${encodeURIComponent(next)}`);
    await page.getByLabel('Username').fill(ALICE.username);
    await page.getByLabel('Password').fill(ALICE.password);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  }

  it('registers a passkey, then signs in with password + passkey, then without a password', async () => {
    const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1000, height: 900 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));
    page.on('console', (msg) => { if (msg.type() === 'error') errors.push(msg.text()); });
    const cdp: CDPSession = await context.newCDPSession(page);
    await cdp.send('WebAuthn.enable');
    const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true },
    });

    // 1. Register on /account/security.
    await passwordStep(page, '/account/security');
    await page.waitForURL(`${base}/account/security`);
    await page.locator('#passkey-name').fill('Chromium');
    await page.locator('#passkey-add').click();
    await page.locator('#passkey-list').getByText('Chromium').waitFor();
    const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
    expect(credentials).toHaveLength(1);
    expect(credentials[0]).toMatchObject({ isResidentCredential: true, rpId: 'localhost' });
    expect(await seriousAxeViolations(page)).toEqual([]);

    // 2. Password, then the passkey as the second step.
    await context.clearCookies();
    await passwordStep(page, '/account/grants');
    await page.waitForURL(`${base}/login/mfa`);
    expect(await page.locator('form#mfa-form').count()).toBe(0);
    await page.locator('#passkey-mfa').click();
    await page.waitForURL(`${base}/account/grants`);
    expect((await cdp.send('WebAuthn.getCredentials', { authenticatorId })).credentials[0].signCount).toBeGreaterThan(0);

    // 3. No password: the discoverable passkey names the account.
    await context.clearCookies();
    await page.goto(`${base}/login?return_to=${encodeURIComponent('/account/grants')}`);
    // Labelled without the words "Sign in", so the password form's button stays the only one named so.
    await page.getByRole('button', { name: 'Use a passkey instead of a password' }).click();
    await page.waitForURL(`${base}/account/grants`);
    await page.goto(`${base}/account/security`);
    await page.locator('#passkey-list').getByText('Chromium').waitFor();

    expect(errors).toEqual([]);
    await context.close();
  });
});
