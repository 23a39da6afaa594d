import { startTestApp, TestApp } from '../support/app';

describe('wrong methods on POST-only endpoints → 405 with Allow (RFC 9110 §15.5.6)', () => {
  let t: TestApp;
  beforeAll(async () => { t = await startTestApp(); });
  afterAll(async () => { await t.close(); });

  const endpoints = ['/oauth2/token', '/oauth2/revoke', '/oauth2/introspect', '/api/v1/clients'];

  it.each(endpoints)('GET %s → 405, Allow: POST, an OAuth JSON error', async (path) => {
    const res = await t.http().get(path).expect(405);
    expect(res.headers.allow).toMatch(/\bPOST\b/);
    expect(res.headers.allow).not.toMatch(/\bGET\b/);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body).toEqual({ error: 'invalid_request', error_description: expect.stringContaining('GET is not allowed') });
  });

  it.each(endpoints)('PUT, PATCH, DELETE and HEAD on %s → 405 too', async (path) => {
    for (const method of ['put', 'patch', 'delete', 'head'] as const) {
      const res = await t.http()[method](path);
      expect({ method, status: res.status }).toEqual({ method, status: 405 });
      expect(res.headers.allow).toMatch(/\bPOST\b/);
    }
  });

  it('introspection and registration take no CORS preflight: OPTIONS → 405', async () => {
    for (const path of ['/oauth2/introspect', '/api/v1/clients']) {
      const res = await t.http().options(path).set('Origin', 'https://spa.example').set('Access-Control-Request-Method', 'POST');
      expect(res.status).toBe(405);
      expect(res.headers['access-control-allow-origin']).toBeUndefined();
    }
  });

  it('POST still reaches the endpoints, and the seed 004 GET /oauth2/access_token is untouched', async () => {
    expect((await t.http().post('/oauth2/token').type('form').send({}).expect(400)).body.error).toBe('invalid_request');
    const legacy = await t.http().get('/oauth2/access_token');
    expect(legacy.status).not.toBe(405);
    expect(legacy.status).not.toBe(404);
  });

  it('unknown paths still answer 404', async () => {
    await t.http().get('/oauth2/nothing-here').expect(404);
  });
});
