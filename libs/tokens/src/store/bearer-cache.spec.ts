import type { EntityManager } from 'typeorm';
import type { AppConfig } from '@app/common';
import { ChangeFeed, CoherentCache } from '@app/persistence';
import type { AccessTokenEntity, ChangeTopic, Transactions } from '@app/persistence';
import { BEARER_CACHE_MAX_ENTRIES, BearerCache } from './bearer-cache';

const row = (over: Partial<AccessTokenEntity> = {}) => ({ id: 't1', revokedAt: null, ...over }) as AccessTokenEntity;
const config = (bearerCacheMs?: number) => ({ tokens: { bearerCacheMs } }) as unknown as AppConfig;

/** The change feed's cache factory with CACHE_MS = `cacheMs`; records what is published. */
function feed(cacheMs = 1000) {
  const published: [ChangeTopic, string][] = [];
  const fake = {
    cache: <V>(_topic: ChangeTopic, o: { ttlMs?: number; maxEntries?: number }) => new CoherentCache<V>(Math.min(o.ttlMs ?? cacheMs, cacheMs), o.maxEntries ?? 10_000),
    publish: async (_m: EntityManager, topic: ChangeTopic, item: string) => void published.push([topic, item]),
  } as unknown as ChangeFeed;
  return Object.assign(fake, { published });
}

/** Transactions whose afterSettle hooks wait until `settle()`, as for a transaction still open. */
function openTransaction() {
  const hooks: (() => void)[] = [];
  const tx = { afterSettle: (_m: EntityManager, fn: () => void) => hooks.push(fn) } as unknown as Transactions;
  return { tx, settle: () => hooks.splice(0).forEach((fn) => fn()) };
}
const immediate = { afterSettle: (_m: EntityManager, fn: () => void) => fn() } as unknown as Transactions;
const manager = {} as EntityManager;

describe(BearerCache.name, () => {
  it('keeps a valid row for CACHE_MS when BEARER_CACHE_MS is unset, then reads again', () => {
    const cache = new BearerCache(config(), immediate, feed(250));
    cache.remember('h', row(), cache.stamp(), 10_000);
    expect(cache.get('h', 10_249)).toEqual(row());
    expect(cache.get('h', 10_250)).toBeUndefined();
  });

  it('BEARER_CACHE_MS may shorten the bound but never lengthen it past CACHE_MS', () => {
    const shorter = new BearerCache(config(100), immediate, feed(250));
    shorter.remember('h', row(), shorter.stamp(), 0);
    expect(shorter.get('h', 100)).toBeUndefined();
    const longer = new BearerCache(config(5000), immediate, feed(250));
    longer.remember('h', row(), longer.stamp(), 0);
    expect(longer.get('h', 249)).toEqual(row());
    expect(longer.get('h', 250)).toBeUndefined();
  });

  it('tells the other instances through the change feed when it revokes', async () => {
    const f = feed();
    await new BearerCache(config(), immediate, f).revoking(manager, async () => undefined);
    expect(f.published).toEqual([['token', '*']]);
  });

  it('keeps nothing when BEARER_CACHE_MS=0, and never a revoked row', () => {
    const off = new BearerCache(config(0), immediate, feed());
    off.remember('h', row(), off.stamp(), 0);
    expect(off.get('h', 0)).toBeUndefined();
    const on = new BearerCache(config(1000), immediate, feed());
    on.remember('h', row({ revokedAt: new Date() }), on.stamp(), 0);
    expect(on.get('h', 0)).toBeUndefined();
  });

  it('a revocation empties the cache, and a row read before it is not kept afterwards', async () => {
    const cache = new BearerCache(config(1000), immediate, feed());
    cache.remember('a', row(), cache.stamp(), 0);
    const stamp = cache.stamp(); // a read of 'b' starts…
    await cache.revoking(manager, async () => undefined); // …a revocation commits meanwhile…
    cache.remember('b', row(), stamp, 0); // …and the read's (possibly stale) row arrives
    expect(cache.get('a', 0)).toBeUndefined();
    expect(cache.get('b', 0)).toBeUndefined();
  });

  it('keeps nothing while a revoking transaction is open, and empties again when it ends', async () => {
    const { tx, settle } = openTransaction();
    const cache = new BearerCache(config(1000), tx, feed());
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
    const cache = new BearerCache(config(1000), immediate, feed());
    await expect(cache.revoking(manager, async () => { throw new Error('lost'); })).rejects.toThrow('lost');
    cache.remember('a', row(), cache.stamp(), 0);
    expect(cache.get('a', 0)).toEqual(row());
  });

  it('starts over beyond BEARER_CACHE_MAX_ENTRIES instead of growing', () => {
    const cache = new BearerCache(config(1000), immediate, feed());
    for (let i = 0; i <= BEARER_CACHE_MAX_ENTRIES; i++) cache.remember(`h${i}`, row(), cache.stamp(), 0);
    expect(cache.get('h0', 0)).toBeUndefined();
    expect(cache.get(`h${BEARER_CACHE_MAX_ENTRIES}`, 0)).toEqual(row());
  });
});
