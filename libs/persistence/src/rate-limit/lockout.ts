import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { RateLimitEntity } from '../entities';
import type { RateLimitRule } from './rate-limiter.service';

/**
 * A lockout: a failure counter (`<kind>:<subject>`, `limit` failures per window) and the lock it
 * sets when it fills (`<kind>-lock:<subject>`, one row that lasts a whole window from that moment).
 * Every lock of the app (login per account, device, address; client authentication per client
 * and address …) is built here, so that one place can list and clear them all (Locks).
 */
export interface Lockout {
  counter: RateLimitRule;
  lock: RateLimitRule;
}

export function lockout(kind: string, subject: string, limit: number, windowSeconds: number): Lockout {
  return {
    counter: { key: `${kind}:${subject}`, limit, windowSeconds },
    lock: { key: `${kind}-lock:${subject}`, limit: 1, windowSeconds },
  };
}

/** A lock in force, as operators see it. `id` names it in the admin API (base64url of its row's key). */
export interface ActiveLock {
  id: string;
  /** What is locked: `login:account`, `login:device`, `client-auth:client-address` … */
  kind: string;
  /** Whom: an account, `account/device`, an address, `client/address` … */
  subject: string;
  lockedUntil: Date;
}

const LOCK_KEY = /^([a-z-]+:[a-z-]+)-lock:(.+)$/;
const MAX_LISTED = 1000;

/**
 * The locks in force, for operators (admin API and console): list them, and clear one, which
 * also empties its failure counter so that the next failure does not lock again at once.
 */
@Injectable()
export class Locks {
  constructor(@InjectRepository(RateLimitEntity) private readonly rows: Repository<RateLimitEntity>) {}

  /** Newest-ending first; at most 1000. */
  async list(now = new Date()): Promise<ActiveLock[]> {
    const rows = await this.rows.createQueryBuilder('r')
      .where('r.bucket LIKE :pattern AND r.reset_at > :now AND r.hits >= 1', { pattern: '%-lock:%', now })
      .orderBy('r.reset_at', 'DESC').limit(MAX_LISTED).getMany();
    return rows.map(toLock).filter((l): l is ActiveLock => l !== null);
  }

  /** The lock named by `id` when it is in force, else null. */
  async find(id: string, now = new Date()): Promise<ActiveLock | null> {
    const key = keyOf(id);
    if (!key) return null;
    const row = await this.rows.findOneBy({ key });
    return row && row.resetAt > now && row.hits >= 1 ? toLock(row) : null;
  }

  /** Ends the lock and resets its counter; null when there was no such lock in force. */
  async clear(id: string, now = new Date()): Promise<ActiveLock | null> {
    const lock = await this.find(id, now);
    if (!lock) return null;
    await this.rows.delete({ key: `${lock.kind}-lock:${lock.subject}` });
    await this.rows.delete({ key: `${lock.kind}:${lock.subject}` });
    return lock;
  }
}

function toLock(row: RateLimitEntity): ActiveLock | null {
  const m = LOCK_KEY.exec(row.key);
  if (!m) return null;
  return { id: Buffer.from(row.key, 'utf8').toString('base64url'), kind: m[1], subject: m[2], lockedUntil: row.resetAt };
}

function keyOf(id: string): string | null {
  if (!/^[A-Za-z0-9_-]{1,300}$/.test(id)) return null;
  const key = Buffer.from(id, 'base64url').toString('utf8');
  return LOCK_KEY.test(key) ? key : null;
}
