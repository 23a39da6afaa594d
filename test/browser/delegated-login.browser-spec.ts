import { ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { startTestApp, TestApp } from '../support/app';
import { createClient, REDIRECT_URI, TestClient } from '../support/fixtures';
import { tokenRequest } from '../support/tokens';
import { launchChromium } from './support/browser';

/**
 * Issue 17 in a real browser: LOGIN_MODE=provider with the example platform of
 * examples/platform-login (started as a newcomer would, `node server.js`). Chromium goes from
 * the app's authorization request to the platform's own sign-in page, back through
 * /login/resume (with the SameSite=Lax session cookie) to Gatehouse's consent page and the app.
 */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function startExamplePlatform(env: Record<string, string>): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [join(__dirname, '..', '..', 'examples', 'platform-login', 'server.js')], {
    env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const url = /listening on (http:\/\/\S+)/.exec(out)?.[1];
      if (url) resolve({ child, url });
    });
    child.stderr!.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`the example platform exited (${code}): ${out}`)));
  });
}

describe('Delegated login (provider mode) in Chromium, through the example platform', () => {
  let t: TestApp;
  let base: string;
  let platform: ChildProcess | undefined;
  let browser: Browser;
  let closeBrowser: () => Promise<void>;
  let app: TestClient;

  beforeAll(async () => {
    const [gatehousePort, platformPort] = [await freePort(), await freePort()];
    base = `http://127.0.0.1:${gatehousePort}`;
    t = await startTestApp({
      env: { ISSUER: base, LOGIN_MODE: 'provider', LOGIN_PROVIDER_URL: `http://127.0.0.1:${platformPort}/login` },
    });
    await t.app.listen(gatehousePort, '127.0.0.1');
    app = await createClient(t, { client_name: 'Harbor Notes', scope: 'openid user_id_read profile' });
    const channel = await createClient(t, { client_name: 'Example Platform sign-in', scope: 'gatehouse:login', grant_types: ['client_credentials'] });
    expect((await tokenRequest(t, channel, { grant_type: 'client_credentials', scope: 'gatehouse:login' })).status).toBe(200);
    ({ child: platform } = await startExamplePlatform({
      PORT: String(platformPort), GATEHOUSE_URL: base, PLATFORM_CLIENT_ID: channel.clientId, PLATFORM_CLIENT_SECRET: channel.clientSecret as string,
    }));
    ({ browser, close: closeBrowser } = await launchChromium());
  });

  afterAll(async () => {
    await closeBrowser?.();
    platform?.kill('SIGTERM');
    await t?.close();
  });

  it('signs in on the platform\'s page, consents on Gatehouse\'s, and lands on the app with a code', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    let landed: URL | null = null;
    await page.route(`${REDIRECT_URI}**`, async (route) => {
      landed = new URL(route.request().url());
      await route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>client</title><p>client</p>' });
    });
    await page.goto(`${base}/oauth2/authorize?response_type=code&client_id=${app.clientId}&redirect_uri=${encodeURIComponent(REDIRECT_URI)}&scope=openid%20user_id_read&state=st-9&login_hint=carol`);
    expect(page.url()).toMatch(/\/login\?login_challenge=ghlc_/);
    expect(await page.textContent('#client-name')).toBe('Harbor Notes');
    expect(await page.inputValue('#username')).toBe('carol');
    await page.fill('#password', 'carol-password');
    await page.fill('#code', '123456');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForSelector('#consent-form');
    expect(page.url().startsWith(`${base}/oauth2/authorize?`)).toBe(true);
    expect(await page.textContent('h1')).toContain('Harbor Notes');
    await page.getByRole('button', { name: 'Allow' }).click();
    await page.waitForURL(`${REDIRECT_URI}**`);
    const params = (landed as unknown as URL).searchParams;
    expect(params.get('state')).toBe('st-9');
    const tokens = await tokenRequest(t, app, { grant_type: 'authorization_code', code: params.get('code') as string, redirect_uri: REDIRECT_URI });
    expect(tokens.status).toBe(200);
    const idToken = JSON.parse(Buffer.from(tokens.body.id_token.split('.')[1], 'base64url').toString('utf8'));
    expect(idToken.amr).toEqual(['pwd', 'otp']);
    const me = await t.http().get('/api/v1/me').set('Authorization', `Bearer ${tokens.body.access_token}`);
    expect(me.body.user_id).toBe('p-1001');
    await context.close();
  });

  it('Cancel on the platform\'s page sends the app access_denied', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    let landed: URL | null = null;
    await page.route(`${REDIRECT_URI}**`, async (route) => {
      landed = new URL(route.request().url());
      await route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>client</title>' });
    });
    await page.goto(`${base}/oauth2/authorize?response_type=code&client_id=${app.clientId}&redirect_uri=${encodeURIComponent(REDIRECT_URI)}&scope=user_id_read&state=st-10`);
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.waitForURL(`${REDIRECT_URI}**`);
    const params = (landed as unknown as URL).searchParams;
    expect(params.get('error')).toBe('access_denied');
    expect(params.get('state')).toBe('st-10');
    await context.close();
  });
});
