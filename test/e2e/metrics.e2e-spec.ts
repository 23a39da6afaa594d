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
