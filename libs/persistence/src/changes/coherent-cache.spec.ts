import { CoherentCache } from './coherent-cache';

describe(CoherentCache.name, () => {
  it('keeps an entry for its bound, then forgets it', () => {
    const c = new CoherentCache<string>(250, 10);
    c.set('a', 'A', c.stamp(), 1_000);
    expect(c.get('a', 1_249)).toBe('A');
    expect(c.get('a', 1_250)).toBeUndefined();
  });

  it('keeps nothing with a bound of 0 (CACHE_MS=0)', () => {
    const c = new CoherentCache<string>(0, 10);
    c.set('a', 'A', c.stamp(), 0);
    expect(c.get('a', 0)).toBeUndefined();
  });

  it('evicts one item or everything, and refuses a value read before an eviction', () => {
    const c = new CoherentCache<string>(1_000, 10);
    c.set('a', 'A', c.stamp(), 0);
    c.set('b', 'B', c.stamp(), 0);
    const before = c.stamp(); // a read of 'c' starts…
    c.evict('a'); // …a change is heard meanwhile…
    c.set('c', 'stale C', before, 0); // …and the read's result must not be kept
    expect([c.get('a', 0), c.get('b', 0), c.get('c', 0)]).toEqual([undefined, 'B', undefined]);
    c.clear();
    expect(c.get('b', 0)).toBeUndefined();
  });

  it('starts over beyond its size bound instead of growing', () => {
    const c = new CoherentCache<number>(1_000, 3);
    for (let i = 0; i < 4; i++) c.set(`k${i}`, i, c.stamp(), 0);
    expect(c.get('k0', 0)).toBeUndefined();
    expect(c.get('k3', 0)).toBe(3);
  });
});
