import { startTestApp, TestApp } from '../support/app';

describe('health endpoints', () => {
  let t: TestApp;
  beforeAll(async () => { t = await startTestApp(); });
  afterAll(async () => { await t.close(); });

  it('GET /healthz answers 200 while the process is alive', async () => {
    const res = await t.http().get('/healthz').expect(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('GET /readyz answers 200 when the database answers', async () => {
    const res = await t.http().get('/readyz').expect(200);
    expect(res.body.details.database.status).toBe('up');
  });

  it('GET /readyz turns 503 when the database is gone', async () => {
    await t.dataSource.destroy();
    const res = await t.http().get('/readyz').expect(503);
    expect(res.body.status).toBe('error');
    await t.dataSource.initialize();
    await t.http().get('/readyz').expect(200);
  });

  it('unknown routes answer a JSON 404 with security headers and a request id', async () => {
    const res = await t.http().get('/no-such-page').expect(404);
    expect(res.body.error).toBe('not_found');
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['x-request-id']).toMatch(/[0-9a-f-]{36}/);
  });

  it('keeps a sane X-Request-Id from the caller and replaces an unsafe one', async () => {
    const kept = await t.http().get('/healthz').set('X-Request-Id', 'abc-123');
    expect(kept.headers['x-request-id']).toBe('abc-123');
    const replaced = await t.http().get('/healthz').set('X-Request-Id', 'bad id\twith spaces');
    expect(replaced.headers['x-request-id']).not.toContain(' ');
  });
});
