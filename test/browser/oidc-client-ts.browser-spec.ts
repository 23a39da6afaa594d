import { createServer, Server } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Request } from 'playwright-core';
import { startTestApp, TestApp } from '../support/app';
import { ALICE, createClient, createUser, TestClient } from '../support/fixtures';
import { launchChromium } from './support/browser';

/**
 * Issue 15, browser apps: a single-page app served from a second loopback origin
 * (http://127.0.0.1:<port2>) signs in with oidc-client-ts's published browser bundle (code +
 * PKCE through Gatehouse's real login and consent pages on http://localhost:<port1>), then
 * reads userinfo from the page. Every call the library makes to Gatehouse (discovery, token,
 * JWKS, userinfo) is cross-origin, so it only works with the CORS that PRODUCT.md describes.
 */
// The package's exports map hides dist/browser from require.resolve; it is read where npm put it.
const BUNDLE = readFileSync(join(__dirname, '..', '..', 'node_modules', 'oidc-client-ts', 'dist', 'browser', 'oidc-client-ts.min.js'), 'utf8');

const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>SPA</title></head>
<body>
<button id="login" type="button">Sign in with Gatehouse</button>
<pre id="out"></pre>
<script src="/oidc-client-ts.min.js"></script>
<script src="/config.js"></script>
<script src="/app.js"></script>
</body></html>`;

/** The app: settings as the README's "Browser apps" paragraph gives them. */
const APP = `
const manager = new oidc.UserManager({
  authority: SPA_CONFIG.issuer,
  client_id: SPA_CONFIG.clientId,
  redirect_uri: location.origin + '/callback',
  response_type: 'code',
  scope: 'openid profile',
  loadUserInfo: true,
  userStore: new oidc.WebStorageStateStore({ store: window.sessionStorage }),
});
const out = document.getElementById('out');
document.getElementById('login').addEventListener('click', () => manager.signinRedirect());
if (location.pathname === '/callback') {
  (async () => {
    const user = await manager.signinRedirectCallback();
    const metadata = await manager.metadataService.getMetadata();
    const res = await fetch(metadata.userinfo_endpoint, { headers: { Authorization: 'Bearer ' + user.access_token } });
    const userinfo = await res.json();
    out.textContent = JSON.stringify({ profile: user.profile, userinfo, scope: user.scope, tokenType: user.token_type });
  })().catch((err) => { out.textContent = JSON.stringify({ error: String(err && err.message || err) }); });
}
`;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createNetServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

function serveSpa(config: { issuer: string; clientId: string }): Promise<{ server: Server; origin: string }> {
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://spa').pathname;
    const send = (type: string, body: string) => { res.writeHead(200, { 'Content-Type': type, 'Cache-Control': 'no-store' }); res.end(body); };
    if (path === '/oidc-client-ts.min.js') return send('text/javascript', BUNDLE);
    if (path === '/config.js') return send('text/javascript', `window.SPA_CONFIG = ${JSON.stringify(config)};`); // read per request
    if (path === '/app.js') return send('text/javascript', APP);
    if (path === '/' || path === '/callback') return send('text/html; charset=utf-8', PAGE);
    res.writeHead(404).end();
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => {
    resolve({ server, origin: `http://127.0.0.1:${(server.address() as { port: number }).port}` });
  }));
}

describe('a browser app signs in with oidc-client-ts (code + PKCE) and calls userinfo', () => {
  let t: TestApp;
  let issuer: string;
  let spa: { server: Server; origin: string };
  let client: TestClient;
  let browser: Browser;
  let closeBrowser: () => Promise<void>;

  beforeAll(async () => {
    // Gatehouse on http://localhost:<port1>, its ISSUER; the app on http://127.0.0.1:<port2>.
    const port = await freePort();
    issuer = `http://localhost:${port}`;
    t = await startTestApp({ env: { ISSUER: issuer } });
    await t.app.listen(port, '127.0.0.1');
    await createUser(t, ALICE);
    const config = { issuer, clientId: '' };
    spa = await serveSpa(config);
    // Registered with nothing but its redirect URI: allowed_origins defaults to the app's origin.
    client = await createClient(t, {
      client_name: 'Harbor SPA', token_endpoint_auth_method: 'none', grant_types: ['authorization_code', 'refresh_token'],
      redirect_uris: [`${spa.origin}/callback`], scope: 'openid profile',
    });
    config.clientId = client.clientId;
    ({ browser, close: closeBrowser } = await launchChromium());
  });
  afterAll(async () => {
    await closeBrowser?.();
    spa?.server.close();
    await t?.close();
  });

  it('signs in through the login and consent pages, and reads userinfo cross-origin', async () => {
    expect(client.client.allowed_origins).toEqual([spa.origin]);
    const context = await browser.newContext({ locale: 'en-US', extraHTTPHeaders: { 'Accept-Language': 'en-US' } });
    const page = await context.newPage();
    const seen: Promise<{ method: string; url: string; origin?: string }>[] = [];
    page.on('request', (req: Request) => {
      if (req.url().startsWith(issuer) && req.resourceType() !== 'document') {
        // allHeaders(): the headers as sent, Origin included (headers() has only the page's own).
        seen.push(req.allHeaders().then((h) => ({ method: req.method(), url: req.url(), origin: h.origin })));
      }
    });
    const failures: string[] = [];
    page.on('requestfailed', (req) => failures.push(`${req.method()} ${req.url()} ${req.failure()?.errorText}`));
    page.on('response', (res) => { if (res.status() >= 400 && !res.url().endsWith('/favicon.ico')) failures.push(`${res.status()} ${res.url()}`); });

    await page.goto(`${spa.origin}/`);
    await page.getByRole('button', { name: 'Sign in with Gatehouse' }).click();
    await page.waitForURL(`${issuer}/login**`);
    await page.getByLabel('Username').fill(ALICE.username);
    await page.getByLabel('Password').fill(ALICE.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForSelector('#consent-form');
    expect(await page.textContent('h1')).toContain('Harbor SPA');
    await page.getByRole('button', { name: 'Allow' }).click();
    await page.waitForURL(`${spa.origin}/callback**`);
    await page.waitForFunction('(document.getElementById("out")?.textContent ?? "") !== ""', undefined, { timeout: 20_000 });
    const result = JSON.parse((await page.textContent('#out')) ?? '{}');
    expect(failures).toEqual([]);
    expect(result.error).toBeUndefined();
    expect(result.tokenType).toMatch(/^bearer$/i);
    expect(result.scope).toBe('openid profile');
    // oidc-client-ts validated the ID Token and merged userinfo (loadUserInfo); the page's own call agrees.
    expect(result.profile).toMatchObject({ iss: issuer, aud: client.clientId, sub: expect.any(String), preferred_username: ALICE.username });
    expect(result.userinfo).toEqual({ sub: result.profile.sub, preferred_username: ALICE.username, name: ALICE.displayName });

    // The calls really crossed origins: discovery, token and userinfo, each sent with the app's Origin.
    const crossOrigin = await Promise.all(seen);
    const token = crossOrigin.find((r) => r.url === `${issuer}/oauth2/token` && r.method === 'POST');
    expect(token?.origin).toBe(spa.origin);
    expect(crossOrigin.filter((r) => r.url === `${issuer}/oauth2/userinfo`).length).toBeGreaterThanOrEqual(2);
    expect(crossOrigin.some((r) => r.url === `${issuer}/.well-known/openid-configuration`)).toBe(true);
    await context.close();
  });

  it('a page on an origin the channel does not allow cannot read the token endpoint', async () => {
    const other = createServer((_req, res) => { res.writeHead(200, { 'Content-Type': 'text/html' }); res.end('<!doctype html><title>other</title>'); });
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', () => resolve()));
    try {
      const origin = `http://127.0.0.1:${(other.address() as { port: number }).port}`;
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(`${origin}/`);
      const outcome = await page.evaluate(async (url) => {
        try {
          const res = await fetch(url, { method: 'POST', body: new URLSearchParams({ grant_type: 'authorization_code', code: 'x' }) });
          return `read ${res.status}`;
        } catch (err) {
          return `blocked: ${(err as Error).name}`;
        }
      }, `${issuer}/oauth2/token`);
      expect(outcome).toBe('blocked: TypeError');
      await context.close();
    } finally {
      other.close();
    }
  });
});
