import { Inject, Injectable, Optional } from '@nestjs/common';
import { APP_CONFIG, AppConfig, DEFAULT_CACHE_MS } from '@app/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { RateLimitEntity } from '../entities';

export interface RateLimitRule {
  /** e.g. "login:account:alice", "client-auth:abc" */
  key: string;
  limit: number;
  windowSeconds: number;
}

/**
 * How long a "not blocked" answer is reused without asking the database, at most (and never more
 * than CACHE_MS). Failures recorded on this instance invalidate it at once; failures recorded by
 * other instances are seen within this bound. It keeps the check off the database on every token
 * request (the hot path).
 */
export const RATE_LIMIT_CHECK_CACHE_MS = 1000;

/**
 * Fixed-window failure counters kept in the database, so every instance sees the same counts.
 * Callers check `blockedFor` before doing the work and `fail` only on failures: successful
 * requests never count. Keys are hashed-free but length-bounded by the callers.
 */
@Injectable()
export class RateLimiter {
  /** key → when the database last said "not blocked" (reused for memoMs: RATE_LIMIT_CHECK_CACHE_MS, capped by CACHE_MS). */
  private readonly clear = new Map<string, number>();
  private readonly memoMs: number;

  constructor(
    @InjectRepository(RateLimitEntity) private readonly counters: Repository<RateLimitEntity>,
    @Optional() @Inject(APP_CONFIG) config?: AppConfig,
  ) {
    this.memoMs = Math.min(RATE_LIMIT_CHECK_CACHE_MS, config?.cache?.ms ?? DEFAULT_CACHE_MS);
  }

  /** Seconds until the key may try again, or 0 when it is not blocked. */
  async blockedFor(rule: RateLimitRule, now = new Date()): Promise<number> {
    const key = rule.key.slice(0, 191);
    const checked = this.clear.get(key);
    if (checked !== undefined && now.getTime() - checked < this.memoMs) return 0;
    const row = await this.counters.findOneBy({ key });
    if (!row || row.resetAt <= now || row.hits < rule.limit) {
      if (this.clear.size > 50_000) this.clear.clear();
      this.clear.set(key, now.getTime());
      return 0;
    }
    this.clear.delete(key);
    return Math.ceil((row.resetAt.getTime() - now.getTime()) / 1000);
  }

  /** Records one failure; returns the number of failures in the current window. */
  async fail(rule: RateLimitRule, now = new Date()): Promise<number> {
    const key = rule.key.slice(0, 191);
    this.clear.delete(key);
    const resetAt = new Date(now.getTime() + rule.windowSeconds * 1000);
    for (let attempt = 0; attempt < 3; attempt++) {
      // Conditional updates: one statement each, safe under concurrency on SQLite and MySQL.
      const restarted = await this.counters.createQueryBuilder().update()
        .set({ hits: 1, resetAt }).where('bucket = :key AND reset_at <= :now', { key, now }).execute();
      if (restarted.affected) return 1;
      const counted = await this.counters.createQueryBuilder().update()
        .set({ hits: () => 'hits + 1' }).where('bucket = :key', { key }).execute();
      if (counted.affected) {
        const row = await this.counters.findOneBy({ key });
        return row?.hits ?? 1;
      }
      try {
        await this.counters.insert({ key, hits: 1, resetAt });
        return 1;
      } catch {
        // Another request inserted the row first: count again.
      }
    }
    return rule.limit;
  }

  /**
   * Takes back one count of the current window (a caller that counts an attempt before doing
   * the work — so that parallel attempts cannot all slip under the limit — and then sees it
   * succeed). Never below zero; a window that has ended is left alone.
   */
  async release(rule: RateLimitRule, now = new Date()): Promise<void> {
    await this.counters.createQueryBuilder().update()
      .set({ hits: () => 'hits - 1' }).where('bucket = :key AND hits > 0 AND reset_at > :now', { key: rule.key.slice(0, 191), now }).execute();
  }

  /**
   * Sets a mark that holds until `until` (a fact remembered for a while, not a count: for
   * example "this address has signed in to this account"). Marking again extends it.
   */
  async mark(key: string, until: Date): Promise<void> {
    const bucket = key.slice(0, 191);
    for (let attempt = 0; attempt < 3; attempt++) {
      const updated = await this.counters.createQueryBuilder().update().set({ hits: 1, resetAt: until }).where('bucket = :bucket', { bucket }).execute();
      if (updated.affected) return;
      try {
        await this.counters.insert({ key: bucket, hits: 1, resetAt: until });
        return;
      } catch {
        // Another request inserted the row first: update it.
      }
    }
  }

  /** Whether a mark set with `mark` still holds. */
  async isMarked(key: string, now = new Date()): Promise<boolean> {
    const row = await this.counters.findOneBy({ key: key.slice(0, 191) });
    return !!row && row.resetAt > now;
  }

  async reset(key: string): Promise<void> {
    await this.counters.delete({ key: key.slice(0, 191) });
  }

  /** Removes windows that ended (called by the purge job). */
  async purgeExpired(now = new Date()): Promise<number> {
    const res = await this.counters.createQueryBuilder().delete().where('reset_at <= :now', { now }).execute();
    return res.affected ?? 0;
  }
}
