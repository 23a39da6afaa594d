import type { EntityManager } from 'typeorm';
import type { AppConfig } from '@app/common';
import type { AccessTokenEntity, Transactions } from '@app/persistence';
import { BEARER_CACHE_MAX_ENTRIES, BearerCache } from './bearer-cache';

const row = (over: Partial<AccessTokenEntity> = {}) => ({ id: 't1', revokedAt: null, ...over }) as AccessTokenEntity;
const config = (bearerCacheMs?: number) => ({ tokens: { bearerCacheMs } }) as unknown as AppConfig;

/** Transactions whose afterSettle hooks wait until `settle()`, as for a transaction still open. */
function openTransaction() {
  const hooks: (() => void)[] = [];
  const tx = { afterSettle: (_m: EntityManager, fn: () => void) => hooks.push(fn) } as unknown as Transactions;
  return { tx, settle: () => hooks.splice(0).forEach((fn) => fn()) };
}
const immediate = { afterSettle: (_m: EntityManager, fn: () => void) => fn() } as unknown as Transactions;
const manager = {} as EntityManager;

describe(BearerCache.name, () => {
  it('keeps a valid row for BEARER_CACHE_MS (default 1000 ms), then reads again', () => {
    const cache = new BearerCache(config(), immediate);
    cache.remember('h', row(), cache.stamp(), 10_000);
    expect(cache.get('h', 10_999)).toEqual(row());
    expect(cache.get('h', 11_000)).toBeUndefined();
  });

  it('keeps nothing when BEARER_CACHE_MS=0, and never a revoked row', () => {
    const off = new BearerCache(config(0), immediate);
    off.remember('h', row(), off.stamp(), 0);
    expect(off.get('h', 0)).toBeUndefined();
    const on = new BearerCache(config(1000), immediate);
    on.remember('h', row({ revokedAt: new Date() }), on.stamp(), 0);
    expect(on.get('h', 0)).toBeUndefined();
  });

  it('a revocation empties the cache, and a row read before it is not kept afterwards', async () => {
    const cache = new BearerCache(config(1000), immediate);
    cache.remember('a', row(), cache.stamp(), 0);
    const stamp = cache.stamp(); // a read of 'b' starts…
    await cache.revoking(manager, async () => undefined); // …a revocation commits meanwhile…
    cache.remember('b', row(), stamp, 0); // …and the read's (possibly stale) row arrives
    expect(cache.get('a', 0)).toBeUndefined();
    expect(cache.get('b', 0)).toBeUndefined();
  });

  it('keeps nothing while a revoking transaction is open, and empties again when it ends', async () => {
    const { tx, settle } = openTransaction();
    const cache = new BearerCache(config(1000), tx);
    await cache.revoking(manager, async () => undefined);
    // Another connection may still return the row as it was before the commit.
    cache.remember('a', row(), cache.stamp(), 0);
    expect(cache.get('a', 0)).toBeUndefined();
    const stamp = cache.stamp();
    settle();
    cache.remember('b', row(), stamp, 0);
    expect(cache.get('b', 0)).toBeUndefined();
    cache.remember('c', row(), cache.stamp(), 0);
    expect(cache.get('c', 0)).toEqual(row());
  });

  it('ends the revocation even when its statement fails', async () => {
    const cache = new BearerCache(config(1000), immediate);
    await expect(cache.revoking(manager, async () => { throw new Error('lost'); })).rejects.toThrow('lost');
    cache.remember('a', row(), cache.stamp(), 0);
    expect(cache.get('a', 0)).toEqual(row());
  });

  it('starts over beyond BEARER_CACHE_MAX_ENTRIES instead of growing', () => {
    const cache = new BearerCache(config(1000), immediate);
    for (let i = 0; i <= BEARER_CACHE_MAX_ENTRIES; i++) cache.remember(`h${i}`, row(), cache.stamp(), 0);
    expect(cache.get('h0', 0)).toBeUndefined();
    expect(cache.get(`h${BEARER_CACHE_MAX_ENTRIES}`, 0)).toEqual(row());
  });
});
