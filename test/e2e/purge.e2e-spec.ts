import { randomUUID } from 'node:crypto';
import {
  AccessTokenEntity, AuthorizationCodeEntity, PurgeService, RateLimitEntity, RefreshTokenEntity, SessionEntity,
} from '../../libs/persistence/src';
import { metrics } from '../../libs/common/src';
import { startTestApp, TestApp } from '../support/app';

const DAY = 86_400_000;

describe('purge of expired data', () => {
  let t: TestApp;
  beforeAll(async () => { t = await startTestApp({ env: { PURGE_BATCH_SIZE: '2' } }); });
  afterAll(async () => { await t.close(); });

  function code(expiresAt: Date): Partial<AuthorizationCodeEntity> {
    return {
      id: randomUUID(), codeHash: randomUUID().replace(/-/g, '').padEnd(64, '0'), clientId: 'c', userId: 'u', redirectUri: 'https://a/cb',
      redirectUriProvided: true, scope: 'profile', grantId: randomUUID(), expiresAt, createdAt: new Date(), consumedAt: null,
    };
  }

  it('deletes expired rows in batches and keeps live ones', async () => {
    const now = Date.now();
    const codes = t.dataSource.getRepository(AuthorizationCodeEntity);
    await codes.insert([code(new Date(now - 2 * DAY)), code(new Date(now - 3 * DAY)), code(new Date(now - 4 * DAY)), code(new Date(now + 60_000)), code(new Date(now - 60_000))]);
    const tokens = t.dataSource.getRepository(AccessTokenEntity);
    const token = (expiresAt: Date | null, revokedAt: Date | null = null) => ({
      id: randomUUID(), tokenHash: randomUUID().replace(/-/g, '').padEnd(64, '1'), clientId: 'c', userId: 'u', scope: 'profile',
      grantId: null, refreshTokenId: null, audience: null, expiresAt, revokedAt, createdAt: new Date(),
    });
    await tokens.insert([token(new Date(now - 2 * 3_600_000)), token(null), token(null, new Date(now - 2 * 3_600_000)), token(new Date(now + 60_000))]);
    const refresh = t.dataSource.getRepository(RefreshTokenEntity);
    await refresh.insert({
      id: randomUUID(), tokenHash: 'f'.repeat(64), clientId: 'c', userId: 'u', scope: 'profile', grantId: randomUUID(), parentId: null,
      expiresAt: new Date(now - 2 * DAY), absoluteExpiresAt: null, authTime: null, rotatedAt: null, revokedAt: null, createdAt: new Date(),
    });
    await t.dataSource.getRepository(SessionEntity).insert({
      id: randomUUID(), sidHash: 'e'.repeat(64), kind: 'browser', userId: null, csrfToken: 'x', authTime: null, data: null,
      expiresAt: new Date(now - 1000), createdAt: new Date(), updatedAt: new Date(),
    });
    await t.dataSource.getRepository(RateLimitEntity).insert({ key: 'old', hits: 3, resetAt: new Date(now - 1000) });

    const purged = async (): Promise<number> => (await metrics().purgedRows.get()).values.find((v) => v.labels.table === 'access_tokens')?.value ?? 0;
    const before = await purged();

    const deleted = await t.app.get(PurgeService).purgeAll(now);

    expect(await purged() - before).toBe(2); // gatehouse_purged_rows_total{table="access_tokens"}, per batch as it goes
    expect(deleted).toMatchObject({ authorization_codes: 3, access_tokens: 2, refresh_tokens: 1, sessions: 1, rate_limits: 1 });
    expect(await codes.count()).toBe(2); // the live code and the one expired a minute ago (kept a day for replay detection)
    expect(await tokens.count()).toBe(2); // the never-expiring and the live one
  });

  it('lets other work run between two batches, so a long pass does not hold up requests', async () => {
    const now = Date.now();
    const tokens = t.dataSource.getRepository(AccessTokenEntity);
    await tokens.insert(Array.from({ length: 8 }, () => ({
      id: randomUUID(), tokenHash: randomUUID().replace(/-/g, '').padEnd(64, '2'), clientId: 'c', userId: 'u', scope: 'profile',
      grantId: null, refreshTokenId: null, audience: null, expiresAt: new Date(now - 2 * 3_600_000), revokedAt: null, createdAt: new Date(),
    })));
    // A stand-in for queued requests: it counts the turns of the event loop during the pass.
    let turns = 0;
    let ticking = true;
    const tick = (): void => { if (ticking) { turns += 1; setImmediate(tick); } };
    setImmediate(tick);

    const deleted = await t.app.get(PurgeService).purgeAll(now);
    ticking = false;

    expect(deleted.access_tokens).toBe(8); // four batches of two
    expect(turns).toBeGreaterThanOrEqual(4);
  });

  it('rests after each batch as long as the batch took', async () => {
    const now = Date.now();
    await t.dataSource.getRepository(AccessTokenEntity).insert(Array.from({ length: 6 }, () => ({
      id: randomUUID(), tokenHash: randomUUID().replace(/-/g, '').padEnd(64, '4'), clientId: 'c', userId: 'u', scope: 'profile',
      grantId: null, refreshTokenId: null, audience: null, expiresAt: new Date(now - 2 * 3_600_000), revokedAt: null, createdAt: new Date(),
    })));
    const timers = jest.spyOn(global, 'setTimeout');
    try {
      await t.app.get(PurgeService).purgeAll(now);
      // three batches of two (and the empty look at every other table): a rest after each
      expect(timers.mock.calls.filter(([, ms]) => typeof ms === 'number' && ms >= 0).length).toBeGreaterThanOrEqual(3);
    } finally {
      timers.mockRestore();
    }
  });
});

describe('purge at shutdown', () => {
  it('stops a pass after its current batch, so a long pass does not hold up the shutdown', async () => {
    const t = await startTestApp({ env: { PURGE_BATCH_SIZE: '2' } });
    try {
      const now = Date.now();
      await t.dataSource.getRepository(AccessTokenEntity).insert(Array.from({ length: 8 }, () => ({
        id: randomUUID(), tokenHash: randomUUID().replace(/-/g, '').padEnd(64, '3'), clientId: 'c', userId: 'u', scope: 'profile',
        grantId: null, refreshTokenId: null, audience: null, expiresAt: new Date(now - 2 * 3_600_000), revokedAt: null, createdAt: new Date(),
      })));
      const purge = t.app.get(PurgeService);
      const pass = purge.purgeAll(now);
      await purge.onModuleDestroy(); // what the shutdown calls

      expect((await pass).access_tokens).toBeLessThan(8); // not every batch of two
    } finally {
      await t.close();
    }
  });
});
