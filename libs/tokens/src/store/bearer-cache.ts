import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@app/common';
import { AccessTokenEntity, ALL_ITEMS, ChangeFeed, CoherentCache, Transactions } from '@app/persistence';

/** Beyond this many remembered tokens the cache starts over (a bound on memory, not an LRU). */
export const BEARER_CACHE_MAX_ENTRIES = 10_000;

/**
 * The access-token rows the bearer check has read, kept so that a resource server calling with
 * the same token many times a second does not read it each time: at most CACHE_MS (or
 * BEARER_CACHE_MS when set lower, its old name). Only rows that were valid when read are kept;
 * expiry and audience are checked on every call as before.
 *
 * Revocation is never delayed on this instance: every statement that revokes or shortens access
 * tokens runs through `revoking()`, which empties the cache before the statement and again when
 * its transaction ends, and no row read while a revocation is under way is kept (a read on
 * another pooled connection could still see the row as it was before the commit). The same
 * statement publishes a `token` event on the change feed in its transaction, so the other
 * instances (other WORKERS, other hosts on the same MySQL database) empty theirs when they read
 * it — within CHANGE_FEED_POLL_MS, and never later than the cache's bound.
 */
@Injectable()
export class BearerCache {
  private readonly cache: CoherentCache<AccessTokenEntity>;
  /** Revocations whose transactions have not ended yet. */
  private revocationsOpen = 0;

  constructor(@Inject(APP_CONFIG) config: AppConfig, private readonly transactions: Transactions, private readonly feed: ChangeFeed) {
    this.cache = feed.cache<AccessTokenEntity>('token', { ttlMs: config.tokens.bearerCacheMs, maxEntries: BEARER_CACHE_MAX_ENTRIES });
  }

  /** The row for this token hash if it was read within the bound and nothing was revoked since. */
  get(tokenHash: string, now = Date.now()): AccessTokenEntity | undefined {
    return this.cache.get(tokenHash, now);
  }

  /** Taken before reading a row, handed to `remember` after. */
  stamp(): number {
    return this.cache.stamp();
  }

  /** Keeps a valid row read since `stamp`, unless a revocation happened or is under way meanwhile. */
  remember(tokenHash: string, row: AccessTokenEntity, stamp: number, now = Date.now()): void {
    if (row.revokedAt || this.revocationsOpen > 0) return;
    this.cache.set(tokenHash, row, stamp, now);
  }

  /**
   * Runs `update`, a statement that revokes or shortens access tokens on `manager`: the cache is
   * emptied before it and again once its transaction has ended (at once outside a transaction),
   * and the other instances are told through the change feed.
   */
  async revoking<T>(manager: EntityManager, update: () => Promise<T>): Promise<T> {
    this.cache.clear();
    this.revocationsOpen++;
    try {
      const result = await update();
      await this.feed.publish(manager, 'token', ALL_ITEMS);
      return result;
    } finally {
      this.transactions.afterSettle(manager, () => {
        this.revocationsOpen--;
        this.cache.clear();
      });
    }
  }
}
