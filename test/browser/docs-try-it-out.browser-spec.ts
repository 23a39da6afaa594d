import type { Browser, Locator, Page } from 'playwright-core';
import { startTestApp, TestApp } from '../support/app';
import { ADMIN, createUser } from '../support/fixtures';
import { launchChromium } from './support/browser';

/**
 * Issue 21: a developer's first hour in Swagger UI (/docs), in Chromium, using only the page —
 * the Try-it-out buttons, the request editors and the Authorize dialog: register a channel, sign
 * in as the operator, authorize with that bearer, approve the channel, get a client_credentials
 * token with HTTP Basic and introspect it. The page must also load without a CSP violation and
 * without the empty band above the top bar.
 */
describe('Swagger UI: Try-it-out end to end', () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let closeBrowser: () => Promise<void>;
  let page: Page;
  const violations: string[] = [];
  const failedRequests: string[] = [];

  beforeAll(async () => {
    t = await startTestApp();
    base = await t.listen();
    await createUser(t, { ...ADMIN, isAdmin: true });
    ({ browser, close: closeBrowser } = await launchChromium());
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
    page.on('console', (m) => { if (/Content Security Policy/.test(m.text())) violations.push(m.text()); });
    page.on('requestfailed', (r) => failedRequests.push(`${r.url()} ${r.failure()?.errorText}`));
    await page.goto(`${base}/docs`);
    await page.locator('.swagger-ui .information-container').waitFor();
  });
  afterAll(async () => {
    await closeBrowser?.();
    await t?.close();
  });

  function operation(tag: string, operationId: string): Locator {
    return page.locator(`#operations-${tag}-${operationId}`);
  }

  /** Opens an operation, presses "Try it out", lets `fill` set the request, presses Execute; returns the live status and body. */
  async function tryItOut(op: Locator, fill: (op: Locator) => Promise<void>): Promise<{ status: number; body: Record<string, unknown> }> {
    await op.scrollIntoViewIfNeeded();
    if (!(await op.locator('.opblock-body').isVisible())) await op.locator('.opblock-summary').first().click();
    await op.getByRole('button', { name: 'Try it out' }).click();
    await fill(op);
    await op.getByRole('button', { name: 'Execute' }).click();
    const row = op.locator('.live-responses-table tbody tr.response').first();
    await row.waitFor();
    const status = Number((await row.locator('.response-col_status').innerText()).trim());
    const text = await row.locator('.response-col_description .microlight, .response-col_description pre').first().innerText();
    return { status, body: text.trim().startsWith('{') ? JSON.parse(text) as Record<string, unknown> : {} };
  }

  async function fillJsonBody(op: Locator, body: unknown): Promise<void> {
    await op.locator('textarea.body-param__text').fill(JSON.stringify(body, null, 2));
  }

  /**
   * A form body, as a developer fills it: Swagger UI pre-fills every field with its example (or
   * "string"); the fields not given here are emptied, and empty fields are not sent.
   */
  async function fillForm(op: Locator, values: Record<string, string>): Promise<void> {
    const rows = op.locator('.opblock-section-request-body tr[data-property-name]');
    for (const row of await rows.all()) {
      const name = (await row.getAttribute('data-property-name')) as string;
      const select = row.locator('select');
      if (await select.count()) {
        if (values[name] !== undefined) await select.selectOption(values[name]);
      } else {
        await row.locator('input[type="text"]').fill(values[name] ?? '');
      }
    }
  }

  /** The Authorize dialog: fills the inputs of one security scheme and authorizes it. */
  async function authorize(scheme: string, values: string[]): Promise<void> {
    await page.locator('.scheme-container .btn.authorize').click();
    const dialog = page.locator('.dialog-ux .modal-ux');
    await dialog.waitFor();
    const container = dialog.locator('.auth-container').filter({ has: page.locator('h4 code', { hasText: new RegExp(`^${scheme}$`) }) });
    const inputs = container.locator('input');
    for (const [i, value] of values.entries()) await inputs.nth(i).fill(value);
    await container.locator('button.authorize').click();
    await container.locator('button', { hasText: 'Logout' }).waitFor();
    await dialog.locator('button.btn-done').first().click();
    await dialog.waitFor({ state: 'detached' });
  }

  it('loads without CSP violations, the top bar at the very top', async () => {
    const top = await page.locator('.swagger-ui .topbar').boundingBox();
    expect(top?.y).toBeLessThan(5);
    expect(violations).toEqual([]);
    expect(failedRequests).toEqual([]);
    const tags = await page.locator('.opblock-tag-section h3 .nostyle span, .opblock-tag-section h3 a span').allInnerTexts();
    expect(tags.slice(0, 6)).toEqual(['Register', 'Authorize', 'Tokens', 'Resource', 'Admin', 'Seed dialects']);
  });

  it('register → operator session → Authorize (bearer) → approve → client_credentials with Basic → introspect', async () => {
    const registered = await tryItOut(operation('Register', 'RegistrationController_register'), (op) => fillJsonBody(op, {
      client_name: 'Try-it-out app', redirect_uris: ['https://tryit.example/cb'], grant_types: ['client_credentials'], scope: 'gatehouse:login',
    }));
    expect(registered.status).toBe(201);
    const clientId = registered.body.client_id as string;
    const clientSecret = registered.body.client_secret as string;
    expect(registered.body.status).toBe('pending');

    const session = await tryItOut(operation('Admin', 'AdminSessionController_login'), (op) => fillJsonBody(op, ADMIN));
    expect(session.status).toBe(200);
    await authorize('bearer', [session.body.access_token as string]);

    const approved = await tryItOut(operation('Admin', 'AdminClientLifecycleController_approve'), async (op) => {
      await op.locator('tr[data-param-name="client_id"] input').fill(clientId);
      if (await op.locator('textarea.body-param__text').count()) await fillJsonBody(op, { note: 'tried out' });
    });
    expect([approved.status, approved.body.status]).toEqual([200, 'approved']);

    await authorize('client_basic', [clientId, clientSecret]);
    const token = await tryItOut(operation('Tokens', 'TokenController_token'), async (op) => {
      await fillForm(op, { grant_type: 'client_credentials', scope: 'gatehouse:login' });
    });
    expect(token.status).toBe(200);
    expect(token.body).toMatchObject({ token_type: 'Bearer', scope: 'gatehouse:login', access_token: expect.any(String) });

    const introspection = await tryItOut(operation('Tokens', 'IntrospectionController_introspect'), (op) => fillForm(op, { token: token.body.access_token as string }));
    expect(introspection.status).toBe(200);
    expect(introspection.body).toMatchObject({ active: true, client_id: clientId, scope: 'gatehouse:login', token_type: 'Bearer' });
    expect(violations).toEqual([]);
  });

  it('keeps the authorization across a reload (persistAuthorization)', async () => {
    await page.reload();
    await page.locator('.scheme-container .btn.authorize').waitFor();
    await expect(page.locator('.scheme-container .btn.authorize.locked').count()).resolves.toBe(1);
  });
});
