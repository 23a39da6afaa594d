import { LessThan, MoreThan } from 'typeorm';
import { AuditEventEntity, RateLimitEntity, ScopeEntity } from '../../libs/persistence/src';
import { startTestApp, TestApp } from '../support/app';

describe('persistence (migrations, UTC times) on the configured database', () => {
  let t: TestApp;
  beforeAll(async () => { t = await startTestApp(); });
  afterAll(async () => { await t.close(); });

  it('ran every migration at start and created every table', async () => {
    const pending = await t.dataSource.showMigrations();
    expect(pending).toBe(false);
    const runner = t.dataSource.createQueryRunner();
    try {
      for (const table of [
        'users', 'clients', 'client_status_changes', 'scopes', 'authorization_codes', 'access_tokens',
        'refresh_tokens', 'consents', 'sessions', 'interactions', 'audit_events', 'server_keys', 'rate_limits',
      ]) {
        expect(await runner.hasTable(table)).toBe(true);
      }
      const tokens = await runner.getTable('access_tokens');
      expect(tokens?.indices.map((i) => i.columnNames.join(','))).toEqual(
        expect.arrayContaining(['token_hash', 'grant_id', 'user_id,client_id', 'refresh_token_id']),
      );
    } finally {
      await runner.release();
    }
  });

  it('seeds the scopes known out of the box', async () => {
    const names = (await t.dataSource.getRepository(ScopeEntity).find()).map((s) => s.name).sort();
    expect(names).toEqual(['gatehouse:login', 'openid', 'profile', 'snsapi_login', 'user_id_read']);
  });

  it('stores instants in UTC with milliseconds and compares them correctly', async () => {
    const repo = t.dataSource.getRepository(RateLimitEntity);
    const at = new Date('2030-01-02T03:04:05.678Z');
    await repo.save({ key: 'probe', hits: 1, resetAt: at });
    const back = await repo.findOneByOrFail({ key: 'probe' });
    expect(back.resetAt.toISOString()).toBe(at.toISOString());
    expect(await repo.countBy({ resetAt: MoreThan(new Date('2030-01-02T03:04:05.000Z')) })).toBe(1);
    expect(await repo.countBy({ resetAt: LessThan(new Date('2030-01-02T03:04:05.000Z')) })).toBe(0);
    const viaBuilder = await repo.createQueryBuilder('r').where('r.reset_at > :t', { t: new Date('2030-01-02T03:04:04Z') }).getCount();
    expect(viaBuilder).toBe(1);
  });

  it('keeps JSON details and auto-increment ids for the audit log', async () => {
    const repo = t.dataSource.getRepository(AuditEventEntity);
    const a = await repo.save(repo.create({ at: new Date(), actor: "system", action: "probe", details: { n: 1 } }));
    const b = await repo.save(repo.create({ at: new Date(), actor: "system", action: "probe", details: null }));
    expect(b.id).toBeGreaterThan(a.id);
    expect((await repo.findOneByOrFail({ id: a.id })).details).toEqual({ n: 1 });
  });

  it('reverts and re-applies the migrations cleanly', async () => {
    for (let i = 0; i < t.dataSource.migrations.length; i++) await t.dataSource.undoLastMigration();
    const runner = t.dataSource.createQueryRunner();
    expect(await runner.hasTable('users')).toBe(false);
    await runner.release();
    await t.dataSource.runMigrations();
    expect(await t.dataSource.showMigrations()).toBe(false);
  });
});
