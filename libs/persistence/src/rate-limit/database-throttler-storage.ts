import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { ThrottlerStorage } from '@nestjs/throttler';
import { Repository } from 'typeorm';
import { RateLimitEntity } from '../entities';

type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

/**
 * @nestjs/throttler's storage in the rate_limits table (beside RateLimiter's failure counters,
 * under keys of their own: `throttle:<throttler>:<key>`), so that every instance counts against
 * the same windows. Fixed windows of `ttl` ms; each request is one conditional UPDATE (and a read
 * of the row), safe under concurrency on SQLite and MySQL: a request passes only through the
 * UPDATE that raised the count while it was below the limit, so parallel requests never slip
 * past it. The first request that finds the window full starts the block (`blockDuration` ms,
 * never ending before the window does); when it is over, the next request starts a new window.
 */
@Injectable()
export class DatabaseThrottlerStorage implements ThrottlerStorage {
  constructor(@InjectRepository(RateLimitEntity) private readonly counters: Repository<RateLimitEntity>) {}

  async increment(key: string, ttl: number, limit: number, blockDuration: number, throttlerName: string): Promise<ThrottlerStorageRecord> {
    const bucket = `throttle:${throttlerName}:${key}`.slice(0, 191);
    for (let attempt = 0; attempt < 3; attempt++) {
      const now = new Date();
      const windowEnd = new Date(now.getTime() + ttl);
      // One statement: a window that ended starts again with this request, a live one counts it while below the
      // limit. `hits` is set first: MySQL evaluates SET left to right, and its CASE must see the old reset_at.
      const counted = await this.update({
        hits: () => 'CASE WHEN reset_at <= :now THEN 1 ELSE hits + 1 END',
        resetAt: () => 'CASE WHEN reset_at <= :now THEN :windowEnd ELSE reset_at END',
      }, 'bucket = :bucket AND (reset_at <= :now OR hits < :limit)', { bucket, now, windowEnd, limit });
      const row = await this.counters.findOneBy({ key: bucket });
      if (counted) return passed(row?.hits ?? 1, row?.resetAt ?? windowEnd);
      if (row && row.resetAt > now && row.hits >= limit) return this.refuse(row, limit, new Date(now.getTime() + Math.max(blockDuration, 0)), now);
      if (row) continue; // created by another request, or ended, since the UPDATE: count again
      try {
        await this.counters.insert({ key: bucket, hits: 1, resetAt: windowEnd });
        return passed(1, windowEnd);
      } catch {
        // Another request inserted the row first: count again.
      }
    }
    // Only a window that keeps ending or appearing under this request gets here; it is not refused for that.
    return { totalHits: limit, timeToExpire: Math.ceil(ttl / 1000), isBlocked: false, timeToBlockExpire: 0 };
  }

  /** The first refusal of a window marks it (hits = limit + 1) and makes the block last at least `blockEnd`. */
  private async refuse(row: RateLimitEntity, limit: number, blockEnd: Date, now: Date): Promise<ThrottlerStorageRecord> {
    let until = row.resetAt;
    if (row.hits === limit && blockEnd > until) {
      const marked = await this.update({ hits: limit + 1, resetAt: blockEnd }, 'bucket = :bucket AND hits = :limit AND reset_at > :now AND reset_at < :blockEnd', { bucket: row.key, limit, now, blockEnd });
      if (marked) until = blockEnd;
    }
    const left = seconds(until);
    return { totalHits: Math.max(row.hits, limit + 1), timeToExpire: left, isBlocked: true, timeToBlockExpire: left };
  }

  private async update(set: Partial<Record<'hits' | 'resetAt', unknown>>, where: string, params: Record<string, unknown>): Promise<boolean> {
    const res = await this.counters.createQueryBuilder().update().set(set as never).where(where, params).execute();
    return !!res.affected;
  }
}

/** Seconds left, counted from now (not from the start of the request, which may predate the block it met). */
function seconds(until: Date): number {
  return Math.max(1, Math.ceil((until.getTime() - Date.now()) / 1000));
}

function passed(hits: number, resetAt: Date): ThrottlerStorageRecord {
  return { totalHits: hits, timeToExpire: seconds(resetAt), isBlocked: false, timeToBlockExpire: 0 };
}
