import { startTestApp, TestApp } from '../support/app';
import { adminToken, bearer } from '../support/admin';
import { basicAuth, createClient, TestClient } from '../support/fixtures';
import { expectHealthy, expectNo5xx, rawHttp } from '../support/hostile';

/**
 * Issue 7 "Body size limits (413), parameter count limits, header limits" and PRODUCT.md
 * "Request bodies over 64 KiB: 413": what arrives before any route runs — oversized, chunked
 * and lying bodies, too many parameters, headers beyond Node's limit, raw bytes the HTTP parser
 * must refuse, deep nesting — answers 4xx and leaves the server healthy.
 */

const LIMIT = 64 * 1024;

describe('hostile input: the transport (sizes, counts, headers, raw bytes)', () => {
  let t: TestApp;
  let base: string;
  let client: TestClient;
  let auth: string;

  beforeAll(async () => {
    t = await startTestApp({ env: { THROTTLE_REGISTRATION: '1000000', THROTTLE_CLIENT_AUTH: '1000000', THROTTLE_REQUESTS_PER_ADDRESS: '100000000' } });
    base = await t.listen();
    client = await createClient(t);
    auth = bearer(await adminToken(t));
  });
  afterAll(async () => { await t.close(); });
  afterEach(async () => { await expectHealthy(t); });

  const FORM_ENDPOINTS = ['/oauth2/token', '/oauth2/introspect', '/oauth2/revoke', '/oauth2/authorize', '/oauth2/authorize/decision', '/login', '/logout'];
  const JSON_ENDPOINTS = ['/api/v1/clients', '/api/admin/session', '/api/admin/users', '/api/admin/scopes'];

  it('dot-segments in the path (raw or percent-encoded) are a 400, never a 500 from the static files', async () => {
    for (const path of ['/static/../package.json', '/static/webauthn/../../package.json', '/static/%2e%2e/package.json', '/static/./gatehouse.css', '/oauth2/../oauth2/token']) {
      const res = await rawHttp(base, `GET ${path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
      expect(`${path} ${res.status}`).toBe(`${path} 400`);
    }
    const css = await rawHttp(base, 'GET /static/gatehouse.css HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    expect(css.status).toBe(200);
  });

  describe('body size', () => {
    it.each(FORM_ENDPOINTS)('a form body over 64 KiB at %s: 413', async (path) => {
      const res = await t.http().post(path).type('form').set('Authorization', basicAuth(client.clientId, client.clientSecret!))
        .send(`grant_type=client_credentials&pad=${'a'.repeat(LIMIT)}`);
      expect(res.status).toBe(413);
    });

    it.each(JSON_ENDPOINTS)('a JSON body over 64 KiB at %s: 413 with a JSON invalid_request', async (path) => {
      const res = await t.http().post(path).set('Authorization', auth).send({ client_name: 'x'.repeat(LIMIT) });
      expect(res.status).toBe(413);
      expect(res.body.error).toBe('invalid_request');
    });

    it('a body just under the limit is read and answered by the endpoint itself', async () => {
      const res = await t.http().post('/oauth2/token').type('form').set('Authorization', basicAuth(client.clientId, client.clientSecret!))
        .send(`grant_type=client_credentials&pad=${'a'.repeat(LIMIT - 2048)}`);
      expect(res.status).toBe(200);
    });

    it('a chunked body (no Content-Length) that grows past 64 KiB: 413', async () => {
      const chunk = 'a'.repeat(16 * 1024);
      const chunks = Array.from({ length: 5 }, () => `${chunk.length.toString(16)}\r\n${chunk}\r\n`).join('');
      const res = await rawHttp(base, `POST /oauth2/token HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\ngrant_type=x&p=${chunks}0\r\n\r\n`.replace('grant_type=x&p=', ''));
      expect(res.status).toBe(413);
    });

    it('a Content-Length that announces 10 MB: 413 at once, without waiting for the body', async () => {
      const started = Date.now();
      const res = await rawHttp(base, 'POST /api/v1/clients HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 10485760\r\nConnection: close\r\n\r\n{"client_name":', 2000);
      expect(res.status).toBe(413);
      expect(Date.now() - started).toBeLessThan(1500);
    });

    it('a body shorter than its Content-Length, then silence: the server neither crashes nor answers 5xx', async () => {
      const res = await rawHttp(base, 'POST /oauth2/token HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\nConnection: close\r\n\r\ngrant_type=', 500);
      expect(res.status === 0 || res.status < 500).toBe(true);
    });
  });

  describe('parameter counts and nesting', () => {
    it('a form with 1000 parameters (well under the size limit): 4xx invalid_request, never 5xx', async () => {
      const body = ['grant_type=client_credentials', ...Array.from({ length: 1000 }, (_, i) => `p${i}=${i}`)].join('&');
      const res = await t.http().post('/oauth2/token').type('form').set('Authorization', basicAuth(client.clientId, client.clientSecret!)).send(body);
      expectNo5xx(res, '1000 parameters');
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.body.error).toBe('invalid_request');
    });

    it('a query string with 2000 parameters at /oauth2/authorize: a 4xx page or the usual answer, never 5xx', async () => {
      const query = Array.from({ length: 2000 }, (_, i) => `p${i}=${i}`).join('&');
      const res = await t.http().get(`/oauth2/authorize?client_id=${client.clientId}&response_type=code&${query}`);
      expectNo5xx(res, '2000 query parameters');
      expect(res.headers.location === undefined || res.headers.location.startsWith('/login?')).toBe(true);
    });

    it('a JSON object with 5000 unknown fields: 400 naming them', async () => {
      const body = Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`f${i}`, i]));
      const res = await t.http().post('/api/v1/clients').send({ client_name: 'x', redirect_uris: ['https://a.example/cb'], ...body });
      expect(res.status).toBe(400);
      expect(res.body.error).toBe('invalid_client_metadata');
    });

    it('JSON nested 20 000 levels deep in a string field: 400, never a stack overflow', async () => {
      const deep = `${'['.repeat(20_000)}${']'.repeat(20_000)}`;
      const res = await t.http().post('/api/v1/clients').set('Content-Type', 'application/json')
        .send(`{"client_name":${deep},"redirect_uris":["https://a.example/cb"]}`);
      expectNo5xx(res, 'deep JSON');
      expect(res.status).toBe(400);
    });

    it('a form key with deep bracket nesting: 4xx, never 5xx', async () => {
      const res = await t.http().post('/oauth2/token').type('form').set('Authorization', basicAuth(client.clientId, client.clientSecret!))
        .send(`grant_type${'[a]'.repeat(5000)}=client_credentials`);
      expectNo5xx(res, 'deep brackets');
      expect(res.status).toBeGreaterThanOrEqual(400);
    });
  });

  describe('headers and raw bytes', () => {
    it('one header beyond Node\'s 16 KiB limit: 431, and the server keeps serving', async () => {
      const res = await rawHttp(base, `GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20 * 1024)}\r\nConnection: close\r\n\r\n`);
      expect(res.status).toBe(431);
    });

    it('a URL beyond the header limit: 431 (or 414)', async () => {
      const res = await rawHttp(base, `GET /oauth2/authorize?state=${'s'.repeat(20 * 1024)} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
      expect([414, 431]).toContain(res.status);
    });

    it('3000 small headers: answered, never 5xx', async () => {
      const headers = Array.from({ length: 3000 }, (_, i) => `X-H${i}: ${i}`).join('\r\n');
      const res = await rawHttp(base, `GET /healthz HTTP/1.1\r\nHost: x\r\n${headers}\r\nConnection: close\r\n\r\n`);
      expect(res.status === 200 || res.status === 431).toBe(true);
    });

    it('an Authorization header just under the limit, of any junk: 4xx JSON, never 5xx', async () => {
      for (const value of [`Basic ${'A'.repeat(15_000)}`, `Bearer ${'x'.repeat(15_000)}`, `Basic ${Buffer.from(`${'é'.repeat(3000)}:${'\u0000'.repeat(10)}`).toString('base64')}`]) {
        const token = await t.http().post('/oauth2/token').type('form').set('Authorization', value).send({ grant_type: 'client_credentials' });
        expect(`${token.status} ${token.body.error}`).toBe('401 invalid_client');
        const me = await t.http().get('/api/v1/me').set('Authorization', value);
        expect(me.status).toBe(401);
      }
    });

    it.each([
      ['non-UTF-8 bytes in the query', Buffer.concat([Buffer.from('GET /oauth2/authorize?client_id='), Buffer.from([0xff, 0xfe, 0xc3, 0x28]), Buffer.from(' HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')])],
      ['non-UTF-8 bytes in a header value', Buffer.concat([Buffer.from('POST /oauth2/token HTTP/1.1\r\nHost: x\r\nAuthorization: Basic '), Buffer.from([0xff, 0xfe, 0x80]), Buffer.from('\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 29\r\nConnection: close\r\n\r\ngrant_type=client_credentials')])],
      ['a NUL byte in the path', Buffer.from('GET /oauth2/author\u0000ize HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')],
      ['a broken request line', Buffer.from('GARBAGE / HTTP/9.9\r\n\r\n')],
      ['a lying chunk size', Buffer.from('POST /oauth2/token HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\nzz\r\nabc\r\n0\r\n\r\n')],
      ['both Content-Length and Transfer-Encoding', Buffer.from('POST /oauth2/token HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n0\r\n\r\n')],
      ['a bad cookie header', Buffer.from('GET /login HTTP/1.1\r\nHost: x\r\nCookie: gh_session=%ZZ%; gh_session=a; =; ;;\r\nConnection: close\r\n\r\n')],
    ])('%s: a 4xx or an ordinary answer, never 5xx', async (_name, request) => {
      const res = await rawHttp(base, request);
      expect(res.status).toBeGreaterThanOrEqual(200);
      expect(res.status).toBeLessThan(500);
    });

    it.each(['PUT', 'DELETE', 'PATCH'])('%s on the OAuth endpoints: 404 or 405, never 5xx', async (method) => {
      for (const path of ['/oauth2/token', '/oauth2/authorize', '/oauth2/introspect', '/oauth2/revoke', '/login']) {
        const res = await t.http()[method.toLowerCase() as 'put' | 'delete' | 'patch'](path).send('x=1');
        expect([404, 405]).toContain(res.status);
      }
    });
  });
});
