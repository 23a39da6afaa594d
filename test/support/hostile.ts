import fc from 'fast-check';
import { connect } from 'node:net';
import type supertest from 'supertest';
import type { TestApp } from './app';

/**
 * Building blocks for the hostile-input specs (issue 7): seeded fast-check settings, arbitraries
 * for what attackers and broken clients send (wrong types, repeated and structured parameters,
 * non-UTF-8 bytes, oversized values, wrong content types), a raw HTTP client for what supertest
 * cannot send (huge headers, raw bytes), and the assertions every spec shares.
 */

/** One seed for every property, so a failure replays exactly (override with FC_SEED). */
export const FC_SEED = Number(process.env.FC_SEED ?? 20_251_121);

export function fcRuns(numRuns: number): fc.Parameters<unknown> {
  return { numRuns, seed: FC_SEED };
}

/** Text a parameter may carry: printable, unicode, control characters, lone surrogates, SQL / HTML / path tricks. */
export const hostileText: fc.Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.constantFrom(
    '', ' ', '\u0000', '\uFFFD', '\uD800', '%', '%00', '%ff', '%E0%A4%A', '+', '&', '=', '\r\n', '../../etc/passwd',
    "' OR '1'='1", '"; DROP TABLE users; --', '<script>alert(1)</script>', '{{constructor}}', '__proto__', 'constructor',
    'toString', 'null', 'undefined', 'NaN', '-1', '1e309', '0x10', 'true', '[]', '{}', 'a'.repeat(70), 'é'.repeat(300),
    'Bearer x', 'Basic Og==', 'S256', 'plain', 'code', 'token', 'authorization_code', 'refresh_token', 'client_credentials', 'password',
  ),
);

/** Longer than any OAuth parameter may be (2048), still well inside the body limit. */
export const oversizedText: fc.Arbitrary<string> = fc.string({ minLength: 2049, maxLength: 2600 });

/** Mostly ordinary hostile text, now and then an oversized value. */
const anyText: fc.Arbitrary<string> = fc.oneof({ arbitrary: hostileText, weight: 9 }, { arbitrary: oversizedText, weight: 1 });

/**
 * Hostile text that a form or query encoder carries byte for byte (lone surrogates replaced),
 * so that a property knows exactly what the server reads and can state the exact answer.
 */
export const cleanText: fc.Arbitrary<string> = anyText.map((s) => s.replace(/[\uD800-\uDFFF]/g, 'x'));

/** Any JSON value, including deep and wide structures. */
export const hostileJson: fc.Arbitrary<unknown> = fc.oneof(
  { depthSize: 'small' },
  hostileText,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.jsonValue({ maxDepth: 4 }),
  fc.array(hostileText, { maxLength: 5 }),
  fc.dictionary(hostileText, hostileText, { maxKeys: 4 }),
  fc.constant(Array.from({ length: 500 }, (_, i) => i)),
);

/**
 * Keys named like members of Object.prototype (and `prototype`): class-validator finds the
 * inherited member where it looks for a DTO's rules, so it once took them for known fields.
 */
export const OBJECT_MEMBER_KEYS = [
  'constructor', 'hasOwnProperty', 'toString', 'valueOf', 'isPrototypeOf', 'propertyIsEnumerable', 'toLocaleString',
  '__defineGetter__', '__defineSetter__', '__lookupGetter__', '__lookupSetter__', 'prototype',
] as const;

/**
 * The messages a JSON API owes for the Object-member keys in a value, at any depth, in the
 * validation pipe's words: "property toString should not exist", "scope.property toString …".
 */
export function objectMemberKeyMessages(value: unknown, path = ''): string[] {
  if (typeof value !== 'object' || value === null) return [];
  const members: readonly string[] = OBJECT_MEMBER_KEYS;
  return Object.keys(value).flatMap((key) => {
    const child = (value as Record<string, unknown>)[key];
    if (!Array.isArray(value) && members.includes(key)) return [`${path}property ${key} should not exist`];
    return objectMemberKeyMessages(child, `${path}${key}.`);
  });
}

/** A JSON object over the known field names (and a few unknown ones), every value hostile. */
export function hostileObject(fields: readonly string[]): fc.Arbitrary<Record<string, unknown>> {
  const unknown = fc.constantFrom('__proto__', 'client_id', 'id', 'x', ...OBJECT_MEMBER_KEYS);
  return fc.dictionary(fc.oneof(fc.constantFrom(...fields), unknown), hostileJson, { maxKeys: fields.length + 2 });
}

/**
 * One key=value pair of a form body or query string, encoded the way a careless or hostile
 * client might: properly, raw, with broken percent escapes, as non-UTF-8 bytes, or with the
 * bracket syntax of PHP-style parsers (`a[]=`, `a[b]=`).
 */
const encodedPair = (names: readonly string[]): fc.Arbitrary<Buffer> =>
  fc.tuple(fc.oneof(fc.constantFrom(...names), hostileText), anyText, fc.nat(5)).map(([key, value, style]) => {
    const enc = encodeURIComponent;
    const safe = (s: string) => enc(s.replace(/[\uD800-\uDFFF]/g, '\uFFFD'));
    switch (style) {
      case 0: return Buffer.from(`${safe(key)}=${safe(value)}`);
      case 1: return Buffer.from(`${key.replace(/[&=]/g, '')}=${value.replace(/&/g, '')}`);
      case 2: return Buffer.from(`${safe(key)}=%${value.slice(0, 1)}%zz%E2%82`);
      case 3: return Buffer.concat([Buffer.from(`${safe(key)}=`), Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0xa0, 0xa1, 0xe2, 0x28, 0xa1])]);
      case 4: return Buffer.from(`${safe(key)}[]=${safe(value)}&${safe(key)}[x]=${safe(value)}`);
      default: return Buffer.from(`${safe(key)}`);
    }
  });

/** A whole x-www-form-urlencoded body: up to `max` pairs, repeats allowed, under the 64 KiB body limit. */
export function hostileForm(names: readonly string[], max = 8): fc.Arbitrary<Buffer> {
  return fc.array(encodedPair(names), { maxLength: max })
    .map((pairs) => Buffer.concat(pairs.flatMap((p, i) => (i ? [Buffer.from('&'), p] : [p]))))
    .filter((body) => body.length < 60_000);
}

/** A query string of hostile pairs (leading "?"), short enough for Node's 16 KiB header limit. */
export function hostileQuery(names: readonly string[], max = 8): fc.Arbitrary<string> {
  return hostileForm(names, max)
    .map((buf) => `?${[...buf].map((b) => (b < 0x21 || b > 0x7e || b === 0x23 ? `%${b.toString(16).padStart(2, '0')}` : String.fromCharCode(b))).join('')}`)
    .filter((query) => query.length < 12_000);
}

/** Content types a form endpoint should refuse, or parse and then refuse. */
export const wrongContentTypes = [
  'application/json', 'text/plain', 'text/html', 'application/xml', 'multipart/form-data; boundary=x',
  'application/octet-stream', 'application/x-www-form-urlencodedx', 'form', '*/*', 'application/json; charset=utf-16',
] as const;

/** Content types that claim a form but with odd parameters. */
export const oddFormContentTypes = [
  'application/x-www-form-urlencoded; charset=utf-8', 'application/x-www-form-urlencoded; charset=latin1',
  'application/x-www-form-urlencoded; charset=utf-16', 'APPLICATION/X-WWW-FORM-URLENCODED', 'application/x-www-form-urlencoded;;;',
] as const;

/** Fails with the request and answer when the server answered 5xx (the one thing never allowed). */
export function expectNo5xx(res: supertest.Response | RawResponse, what: string): void {
  if (res.status >= 500 || res.status < 100) {
    const body = 'text' in res ? res.text : res.body;
    throw new Error(`${what} answered ${res.status}: ${String(body).slice(0, 400)}`);
  }
}

/** The server still serves and its database answers. */
export async function expectHealthy(t: TestApp): Promise<void> {
  const res = await t.http().get('/readyz');
  if (res.status !== 200) throw new Error(`/readyz answered ${res.status}: ${res.text}`);
}

/** JSON APIs: a 400 names the field at fault in `message` (class-validator style messages). */
export function expectFieldMessage(res: supertest.Response, fields: readonly string[]): void {
  const messages: unknown = res.body?.message;
  const list = Array.isArray(messages) ? messages : [messages];
  if (!list.length || !list.every((m) => typeof m === 'string' && m.length > 0)) {
    throw new Error(`400 without field messages: ${JSON.stringify(res.body)}`);
  }
  const names = [...fields, 'property', 'body', 'request', 'JSON', 'param'];
  if (!list.some((m) => names.some((f) => (m as string).includes(f)))) {
    throw new Error(`400 whose messages name no field: ${JSON.stringify(list)}`);
  }
}

export interface RawResponse {
  status: number;
  head: string;
  body: string;
  /** The connection was closed or reset without a complete answer. */
  closed: boolean;
}

/**
 * Sends bytes exactly as given (request line, headers and body) on a new connection and reads
 * until the server closes it or `timeoutMs` passes. For what supertest will not send: headers
 * beyond Node's limit, raw non-UTF-8 bytes in the request line.
 */
export function rawHttp(baseUrl: string, request: Buffer | string, timeoutMs = 3000): Promise<RawResponse> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const socket = connect({ host: hostname, port: Number(port) });
    let done = false;
    const finish = (closed: boolean) => {
      if (done) return;
      done = true;
      socket.destroy();
      const text = Buffer.concat(chunks).toString('latin1');
      const split = text.indexOf('\r\n\r\n');
      const head = split < 0 ? text : text.slice(0, split);
      const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(head)?.[1] ?? 0);
      resolve({ status, head, body: split < 0 ? '' : text.slice(split + 4), closed: closed && status === 0 });
    };
    socket.setTimeout(timeoutMs, () => finish(true));
    socket.on('data', (c: Buffer) => {
      chunks.push(c);
      // A complete answer with Content-Length: stop reading (keep-alive would hold the socket open).
      const text = Buffer.concat(chunks).toString('latin1');
      const split = text.indexOf('\r\n\r\n');
      const length = /\r\ncontent-length: *(\d+)/i.exec(text.slice(0, split))?.[1];
      if (split >= 0 && length !== undefined && Buffer.byteLength(text.slice(split + 4), 'latin1') >= Number(length)) finish(false);
    });
    socket.on('end', () => finish(false));
    socket.on('error', () => finish(true));
    socket.on('close', () => finish(false));
    socket.write(request);
  });
}

// ---------------------------------------------------------------------------------------------
// A full flow through the public API, remembering every secret it saw (for the specs that prove
// no secret reaches the database or the logs).

export interface FlowSecrets {
  /** Name → plain secret value, as the client, user or operator saw it. */
  secrets: Record<string, string>;
  clientId: string;
  redirectUri: string;
}

const FLOW_REDIRECT_URI = 'https://app.example/cb';

function sessionCookies(res: supertest.Response): string[] {
  return ([] as string[]).concat(res.headers['set-cookie'] ?? [])
    .filter((line) => line.startsWith('gh_session=')).map((line) => line.split(';')[0].slice('gh_session='.length))
    .filter(Boolean).map((v) => decodeURIComponent(v));
}

function hidden(html: string, name: string): string {
  const tag = html.match(new RegExp(`<input[^>]*name="${name}"[^>]*>`))?.[0];
  const value = tag?.match(/value="([^"]*)"/)?.[1];
  if (value === undefined) throw new Error(`no hidden input "${name}" in the page`);
  return value.replace(/&#x([0-9a-f]+);/gi, (_m, h: string) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&#(\d+);/g, (_m, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

function expectStatus(res: supertest.Response, status: number, what: string): supertest.Response {
  if (res.status !== status) throw new Error(`${what}: expected ${status}, got ${res.status} ${res.text?.slice(0, 300)}`);
  return res;
}

/**
 * register → approve → create a user → login → consent → code → token → refresh → introspect →
 * resource call → a second (remembered-consent) code left unredeemed → client_credentials →
 * secret rotation → revocation. Everything over HTTP, as clients and operators do it.
 * `createAdmin` creates the first operator (the only step that uses a service: the server
 * has no anonymous way to make one).
 */
export async function runSecretFlow(t: TestApp, createAdmin: (username: string, password: string) => Promise<void>): Promise<FlowSecrets> {
  const { randomBytes, createHash } = await import('node:crypto');
  const rand = (n = 18) => randomBytes(n).toString('base64url');
  const secrets: Record<string, string> = {};
  const admin = { username: `op-${rand(4).toLowerCase().replace(/[^a-z0-9]/g, 'x')}`, password: `op-pw-${rand()}` };
  const user = { username: `user-${rand(4).toLowerCase().replace(/[^a-z0-9]/g, 'x')}`, password: `user-pw-${rand()}` };
  secrets.adminPassword = admin.password;
  secrets.userPassword = user.password;
  await createAdmin(admin.username, admin.password);

  const session = expectStatus(await t.http().post('/api/admin/session').send(admin), 200, 'admin session');
  secrets.adminToken = session.body.access_token;
  const auth = { Authorization: `Bearer ${secrets.adminToken}` };

  const reg = expectStatus(await t.http().post('/api/v1/clients').send({
    client_name: 'Secret Flow App', redirect_uris: [FLOW_REDIRECT_URI], scope: 'user_id_read profile',
    grant_types: ['authorization_code', 'refresh_token', 'client_credentials'],
  }), 201, 'registration');
  const clientId: string = reg.body.client_id;
  secrets.clientSecret = reg.body.client_secret;
  expectStatus(await t.http().post(`/api/admin/clients/${clientId}/approve`).set(auth).send({ note: 'ok' }), 200, 'approve');
  expectStatus(await t.http().post('/api/admin/users').set(auth).send({ ...user, display_name: 'Flow User' }), 201, 'create user');

  const verifier = rand(48);
  secrets.pkceVerifier = verifier;
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  const authorizePath = `/oauth2/authorize?${new URLSearchParams({
    response_type: 'code', client_id: clientId, redirect_uri: FLOW_REDIRECT_URI, scope: 'user_id_read profile', state: 'st-1',
    code_challenge: challenge, code_challenge_method: 'S256',
  })}`;
  const browser = t.http();
  const toLogin = expectStatus(await browser.get(authorizePath), 302, 'authorize (anonymous)');
  const loginPage = expectStatus(await browser.get(toLogin.headers.location as string), 200, 'login page');
  // Anonymous pages carry a signed double-submit CSRF token, not a session (issue 14 #7).
  secrets.anonymousCsrf = hidden(loginPage.text, '_csrf');
  const login = expectStatus(await browser.post('/login').type('form').send({
    ...user, _csrf: hidden(loginPage.text, '_csrf'), return_to: hidden(loginPage.text, 'return_to'),
  }), 302, 'login');
  sessionCookies(login).forEach((v, i) => (secrets[`session${i}`] = v));
  const consentPage = expectStatus(await browser.get(login.headers.location as string), 200, 'consent page');
  const decision = expectStatus(await browser.post('/oauth2/authorize/decision').type('form').send({
    transaction_id: hidden(consentPage.text, 'transaction_id'), _csrf: hidden(consentPage.text, '_csrf'), decision: 'allow',
  }), 302, 'consent decision');
  const code = new URL(decision.headers.location as string).searchParams.get('code');
  if (!code) throw new Error(`no code in ${decision.headers.location}`);
  secrets.code = code;

  const basic = `Basic ${Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(secrets.clientSecret)}`).toString('base64')}`;
  const tokenCall = (params: Record<string, string>) => t.http().post('/oauth2/token').type('form').set('Authorization', basic).send(params);
  const first = expectStatus(await tokenCall({ grant_type: 'authorization_code', code, redirect_uri: FLOW_REDIRECT_URI, code_verifier: verifier }), 200, 'code redemption');
  secrets.accessToken1 = first.body.access_token;
  secrets.refreshToken1 = first.body.refresh_token;
  const second = expectStatus(await tokenCall({ grant_type: 'refresh_token', refresh_token: secrets.refreshToken1 }), 200, 'refresh');
  secrets.accessToken2 = second.body.access_token;
  secrets.refreshToken2 = second.body.refresh_token;
  const introspection = expectStatus(await t.http().post('/oauth2/introspect').type('form').set('Authorization', basic)
    .send({ token: secrets.accessToken2 }), 200, 'introspection');
  if (introspection.body.active !== true) throw new Error('the refreshed access token is not active');
  expectStatus(await t.http().get('/api/v1/me').set('Authorization', `Bearer ${secrets.accessToken2}`), 200, '/api/v1/me');

  // Remembered consent: a second code straight away, never redeemed (it stays in the table).
  const again = expectStatus(await browser.get(authorizePath.replace('st-1', 'st-2')), 302, 'second authorize');
  const code2 = new URL(again.headers.location as string).searchParams.get('code');
  if (!code2) throw new Error(`no second code in ${again.headers.location}`);
  secrets.unredeemedCode = code2;

  const cc = expectStatus(await tokenCall({ grant_type: 'client_credentials' }), 200, 'client_credentials');
  secrets.clientCredentialsToken = cc.body.access_token;
  expectStatus(await t.http().post('/oauth2/revoke').type('form').set('Authorization', basic).send({ token: secrets.accessToken1 }), 200, 'revocation');
  const rotated = expectStatus(await t.http().post(`/api/admin/clients/${clientId}/secret`).set(auth).send({}), 200, 'secret rotation');
  secrets.rotatedClientSecret = rotated.body.client_secret;

  for (const [name, value] of Object.entries(secrets)) {
    if (typeof value !== 'string' || value.length < 16) throw new Error(`the flow did not capture ${name}`);
  }
  return { secrets, clientId, redirectUri: FLOW_REDIRECT_URI };
}

/**
 * What to search for: the secret itself, URL-encoded, and the random part of every Gatehouse
 * artifact inside it (a signed cookie wraps the session id; a prefix may be stripped).
 */
export function needlesOf(secret: string): string[] {
  const parts = [...secret.matchAll(/gh(?:a|r|c|s|sess|adm)_([A-Za-z0-9_-]{20,})/g)].map((m) => m[1]);
  return [...new Set([secret, encodeURIComponent(secret), ...parts])].filter((s) => s.length >= 16);
}
