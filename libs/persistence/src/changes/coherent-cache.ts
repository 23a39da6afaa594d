interface Entry<V> { value: V; until: number }

/**
 * A per-instance cache whose entries live at most `ttlMs` (CACHE_MS) and that the change feed
 * evicts as soon as it hears of a change. `ttlMs` 0 keeps nothing.
 *
 * A read that began before an eviction must not be kept, or a row read just before a change
 * committed could outlive it: take `stamp()` before reading, hand it to `set()` after; `set()`
 * refuses when anything was evicted since. Beyond `maxEntries` the cache starts over (a bound on
 * memory, not an LRU).
 */
export class CoherentCache<V> {
  private entries = new Map<string, Entry<V>>();
  private generation = 0;

  constructor(readonly ttlMs: number, private readonly maxEntries: number) {}

  get(key: string, now = Date.now()): V | undefined {
    const hit = this.entries.get(key);
    if (!hit) return undefined;
    if (hit.until > now) return hit.value;
    this.entries.delete(key);
    return undefined;
  }

  stamp(): number {
    return this.generation;
  }

  set(key: string, value: V, stamp: number, now = Date.now()): void {
    if (this.ttlMs <= 0 || stamp !== this.generation) return;
    if (this.entries.size >= this.maxEntries) this.entries = new Map();
    this.entries.set(key, { value, until: now + this.ttlMs });
  }

  evict(key: string): void {
    this.generation++;
    this.entries.delete(key);
  }

  clear(): void {
    this.generation++;
    if (this.entries.size) this.entries = new Map();
  }
}
