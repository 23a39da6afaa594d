import { startTestApp, TestApp } from '../support/app';

function counter(text: string, name: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return line ? Number(line.split(' ')[1]) : NaN;
}

describe('GET /metrics', () => {
  let t: TestApp;
  beforeAll(async () => { t = await startTestApp(); });
  afterAll(async () => { await t.close(); });

  it('exposes Prometheus metrics, counting database round trips', async () => {
    const before = counter((await t.http().get('/metrics').expect(200)).text, 'gatehouse_db_queries_total');
    await t.http().get('/readyz').expect(200);
    const after = await t.http().get('/metrics').expect(200);
    expect(after.headers['content-type']).toContain('text/plain');
    expect(counter(after.text, 'gatehouse_db_queries_total')).toBeGreaterThan(before);
    expect(after.text).toContain('gatehouse_http_requests_total{status="2xx"}');
  });
});

describe('GET /metrics with METRICS_TOKEN', () => {
  let t: TestApp;
  beforeAll(async () => { t = await startTestApp({ env: { METRICS_TOKEN: 'scrape-secret' } }); });
  afterAll(async () => { await t.close(); });

  it('requires the token as a bearer token', async () => {
    await t.http().get('/metrics').expect(401);
    await t.http().get('/metrics').set('Authorization', 'Bearer wrong').expect(401);
    await t.http().get('/metrics').set('Authorization', 'Bearer scrape-secret').expect(200);
  });
});

/** Issue 14 #6: a server reachable from elsewhere does not publish its metrics to anyone who asks. */
describe('GET /metrics without METRICS_TOKEN on a non-loopback HOST', () => {
  let t: TestApp;
  beforeAll(async () => { t = await startTestApp({ env: { HOST: '0.0.0.0' } }); });
  afterAll(async () => { await t.close(); });

  it('#6 refuses /metrics (403, saying how to open it) and publishes nothing', async () => {
    const res = await t.http().get('/metrics').expect(403);
    expect(res.text).not.toContain('gatehouse_');
    expect(res.body.message).toContain('METRICS_TOKEN');
    await t.http().get('/metrics').set('Authorization', 'Bearer anything').expect(403);
  });
});

describe('GET /metrics with METRICS_TOKEN on a non-loopback HOST', () => {
  let t: TestApp;
  beforeAll(async () => { t = await startTestApp({ env: { HOST: '0.0.0.0', METRICS_TOKEN: 'scrape-secret' } }); });
  afterAll(async () => { await t.close(); });

  it('#6 serves the scraper that sends the token, and only it', async () => {
    await t.http().get('/metrics').expect(401);
    await t.http().get('/metrics').set('Authorization', 'Bearer scrape-secret').expect(200);
  });
});

describe.each(['127.0.0.1', '::1', 'localhost'])('GET /metrics without METRICS_TOKEN on loopback HOST=%s', (host) => {
  let t: TestApp;
  beforeAll(async () => { t = await startTestApp({ env: { HOST: host } }); });
  afterAll(async () => { await t.close(); });

  it('#6 stays open: only this machine can reach it', async () => {
    await t.http().get('/metrics').expect(200);
  });
});
