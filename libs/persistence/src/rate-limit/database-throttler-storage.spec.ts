import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from '../data-source-options';
import { RateLimitEntity } from '../entities';
import { DatabaseThrottlerStorage } from './database-throttler-storage';

/** Conflicting INSERTs are part of the race under test; nothing to print. */
const QUIET = { logQuery() {}, logQueryError() {}, logQuerySlow() {}, logSchemaBuild() {}, logMigration() {}, log() {} };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe(DatabaseThrottlerStorage.name, () => {
  let dataSource: DataSource;
  let storage: DatabaseThrottlerStorage;
  let n = 0;
  const key = () => `198.51.100.${++n}`;

  beforeAll(async () => {
    dataSource = await new DataSource(buildDataSourceOptions({ type: 'sqlite', url: 'sqlite::memory:', file: ':memory:' }, { logger: QUIET })).initialize();
    storage = new DatabaseThrottlerStorage(dataSource.getRepository(RateLimitEntity));
  });
  afterAll(async () => { await dataSource.destroy(); });

  /** `count` parallel requests, each started a few microtask turns after the previous one, so that their statements interleave. */
  const burst = (k: string, count: number, limit: number) => Promise.all(Array.from({ length: count }, async (_, i) => {
    for (let turn = 0; turn < i * 3; turn++) await Promise.resolve();
    return storage.increment(k, 10_000, limit, 10_000, 'flood');
  }));

  it('counts each request, refuses the one past the limit, and keeps its rows apart from the failure counters', async () => {
    const k = key();
    const hits = [];
    for (let i = 0; i < 4; i++) hits.push(await storage.increment(k, 10_000, 3, 10_000, 'flood'));
    expect(hits.map((h) => [h.totalHits, h.isBlocked])).toEqual([[1, false], [2, false], [3, false], [4, true]]);
    expect(hits[0].timeToExpire).toBe(10);
    expect(hits[3].timeToBlockExpire).toBeGreaterThanOrEqual(9);
    expect(hits[3].timeToBlockExpire).toBeLessThanOrEqual(10);
    const rows = await dataSource.getRepository(RateLimitEntity).findBy({ key: `throttle:flood:${k}` });
    expect(rows).toHaveLength(1);
    expect((await storage.increment(k, 10_000, 3, 10_000, 'other')).isBlocked).toBe(false);
  });

  it('lets exactly `limit` of a parallel burst through', async () => {
    const k = key();
    const all = await burst(k, 40, 7);
    expect(all.filter((r) => !r.isBlocked)).toHaveLength(7);
  });

  it('refuses nothing of a parallel burst under the limit, even while the first requests race to create the window', async () => {
    const k = key();
    const all = await burst(k, 30, 100);
    expect(all.filter((r) => r.isBlocked)).toEqual([]);
    expect(Math.max(...all.map((r) => r.totalHits))).toBe(30);
  });

  it('starts a new window once the old one has ended', async () => {
    const k = key();
    await storage.increment(k, 300, 1, 300, 'flood');
    expect((await storage.increment(k, 300, 1, 300, 'flood')).isBlocked).toBe(true);
    await sleep(350);
    expect(await storage.increment(k, 300, 1, 300, 'flood')).toMatchObject({ totalHits: 1, isBlocked: false });
  });

  it('a block longer than the window lasts from the first refusal, not only to the end of the window', async () => {
    const k = key();
    await storage.increment(k, 300, 1, 1500, 'flood');
    const refused = await storage.increment(k, 300, 1, 1500, 'flood');
    expect(refused.isBlocked).toBe(true);
    expect(refused.timeToBlockExpire).toBe(2);
    await sleep(500);
    expect((await storage.increment(k, 300, 1, 1500, 'flood')).isBlocked).toBe(true);
    await sleep(1100);
    expect((await storage.increment(k, 300, 1, 1500, 'flood')).isBlocked).toBe(false);
  });
});
