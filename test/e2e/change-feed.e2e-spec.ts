import { ChangeEventEntity, ChangeFeed, PurgeService } from '../../libs/persistence/src';
import { startTestApp, TestApp } from '../support/app';

/**
 * The change feed on a real database (issue 20): what a committed transaction published is read
 * by a poll, what a rolled-back one published never is, an event whose transaction commits after
 * a later one is still delivered (MySQL: two transactions open at once), and old rows are purged.
 * The cross-instance behaviour is in multi-instance.e2e-spec.ts.
 */
describe('change feed', () => {
  let t: TestApp;
  let feed: ChangeFeed;
  const heard: string[] = [];

  beforeAll(async () => {
    // A feed that only this test polls (a long interval), so each poll's outcome is known.
    t = await startTestApp({ env: { CHANGE_FEED_POLL_MS: '60000' } });
    feed = t.app.get(ChangeFeed);
    feed.subscribe('user', (item) => heard.push(item));
  });
  afterAll(() => t.close());
  beforeEach(() => { heard.length = 0; });

  /** A transaction opened by hand, so the test decides when it ends. */
  async function openTransaction() {
    const runner = t.dataSource.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    return {
      manager: runner.manager,
      commit: async () => { await runner.commitTransaction(); await runner.release(); },
      rollback: async () => { await runner.rollbackTransaction(); await runner.release(); },
    };
  }

  it('a poll delivers what committed transactions published, in order, and nothing twice', async () => {
    await t.dataSource.transaction((m) => feed.publish(m, 'user', 'u-1'));
    await t.dataSource.transaction((m) => feed.publish(m, 'user', 'u-2'));
    heard.length = 0; // the publishing instance heard them at once; now what a poll finds
    expect(await feed.poll()).toBe(2);
    expect(heard).toEqual(['u-1', 'u-2']);
    expect(await feed.poll()).toBe(0);
  });

  it('a rolled-back change is never announced by the feed', async () => {
    const tx = await openTransaction();
    await feed.publish(tx.manager, 'user', 'rolled-back');
    await tx.rollback();
    heard.length = 0;
    await feed.poll();
    expect(heard).toEqual([]);
  });

  it('an event committed after a later one is still delivered (the gap is read again)', async () => {
    if (t.db.kind === 'sqlite') return; // one connection: SQLite cannot have two transactions open at once
    const early = await openTransaction();
    await feed.publish(early.manager, 'user', 'early'); // takes the lower id, commits last
    const late = await openTransaction();
    await feed.publish(late.manager, 'user', 'late');
    await late.commit();
    heard.length = 0;
    await feed.poll();
    expect(heard).toEqual(['late']);
    await early.commit();
    heard.length = 0;
    await feed.poll();
    expect(heard).toEqual(['early']);
  });

  it('the purge job removes events older than five minutes and keeps the recent ones', async () => {
    const repo = t.dataSource.getRepository(ChangeEventEntity);
    const now = Date.now();
    await repo.insert([
      { topic: 'user', item: 'old-1', at: new Date(now - 10 * 60_000) },
      { topic: 'user', item: 'old-2', at: new Date(now - 6 * 60_000) },
      { topic: 'user', item: 'recent', at: new Date(now - 60_000) },
    ]);
    const deleted = await t.app.get(PurgeService).purgeAll(now);
    expect(deleted.change_events).toBeGreaterThanOrEqual(2);
    const items = (await repo.find()).map((r) => r.item);
    expect(items).toContain('recent');
    expect(items).not.toContain('old-1');
    expect(items).not.toContain('old-2');
  });
});
