import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@app/common';
import { AccessTokenEntity, Transactions } from '@app/persistence';

/** BEARER_CACHE_MS's default: how long another instance may still accept a token revoked elsewhere. */
export const DEFAULT_BEARER_CACHE_MS = 1000;
/** Beyond this many remembered tokens the cache starts over (a bound on memory, not an LRU). */
export const BEARER_CACHE_MAX_ENTRIES = 10_000;

interface Entry { row: AccessTokenEntity; until: number }

/**
 * The access-token rows the bearer check has read, kept for BEARER_CACHE_MS (default 1 s) so
 * that a resource server calling with the same token many times a second does not read it
 * each time. Only rows that were valid when read are kept; expiry and audience are checked on
 * every call as before.
 *
 * Revocation is never delayed on this instance: every statement that revokes or shortens
 * access tokens runs through `revoking()`, which empties the cache before the statement and again
 * when its transaction ends, and no row read while a revocation is under way is kept (a read on
 * another pooled connection could still see the row as it was before the commit). Other
 * instances (another server on the same MySQL database, the other WORKERS) learn of it through
 * the database, within BEARER_CACHE_MS. `BEARER_CACHE_MS=0` turns the cache off.
 */
@Injectable()
export class BearerCache {
  private readonly ttlMs: number;
  private entries = new Map<string, Entry>();
  /** Changes whenever the cache is emptied: a read that began before must not be kept. */
  private generation = 0;
  /** Revocations whose transactions have not ended yet. */
  private revocationsOpen = 0;

  constructor(@Inject(APP_CONFIG) config: AppConfig, private readonly transactions: Transactions) {
    this.ttlMs = config.tokens.bearerCacheMs ?? DEFAULT_BEARER_CACHE_MS;
  }

  /** The row for this token hash if it was read within the last BEARER_CACHE_MS and nothing was revoked since. */
  get(tokenHash: string, now = Date.now()): AccessTokenEntity | undefined {
    const hit = this.entries.get(tokenHash);
    if (!hit) return undefined;
    if (hit.until > now) return hit.row;
    this.entries.delete(tokenHash);
    return undefined;
  }

  /** Taken before reading a row, handed to `remember` after. */
  stamp(): number {
    return this.generation;
  }

  /** Keeps a valid row read since `stamp`, unless a revocation happened or is under way meanwhile. */
  remember(tokenHash: string, row: AccessTokenEntity, stamp: number, now = Date.now()): void {
    if (this.ttlMs <= 0 || row.revokedAt || stamp !== this.generation || this.revocationsOpen > 0) return;
    if (this.entries.size >= BEARER_CACHE_MAX_ENTRIES) this.entries = new Map();
    this.entries.set(tokenHash, { row, until: now + this.ttlMs });
  }

  /**
   * Runs `update`, a statement that revokes or shortens access tokens on `manager`: the cache is
   * emptied before it and again once its transaction has ended (at once outside a transaction).
   */
  async revoking<T>(manager: EntityManager, update: () => Promise<T>): Promise<T> {
    this.clear();
    this.revocationsOpen++;
    try {
      return await update();
    } finally {
      this.transactions.afterSettle(manager, () => {
        this.revocationsOpen--;
        this.clear();
      });
    }
  }

  private clear(): void {
    this.generation++;
    if (this.entries.size) this.entries = new Map();
  }
}
