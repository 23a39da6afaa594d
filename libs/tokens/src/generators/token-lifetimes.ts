import { NEVER_EXPIRES } from '../token-result';

/**
 * Token lifetimes (RFC 6749 §4.2.2 expires_in; RFC 9700 §4.14.2 refresh token expiry).
 * A lifetime is picked from, in order: a dialect's documented value, the channel's override,
 * the server default. -1 means "never expires" (seed 003) and is stored as a NULL expiry.
 */
export function pickTtl(dialect: number | undefined, channel: number | null, server: number): number {
  return dialect ?? channel ?? server;
}

export function expiryAfter(now: Date, ttlSeconds: number): Date | null {
  return ttlSeconds === NEVER_EXPIRES ? null : new Date(now.getTime() + ttlSeconds * 1000);
}

/** Whole seconds left until `at` (never below 0); -1 when there is no expiry. */
export function secondsUntil(now: Date, at: Date | null): number {
  if (!at) return NEVER_EXPIRES;
  return Math.max(0, Math.round((at.getTime() - now.getTime()) / 1000));
}

export function isExpired(at: Date | null, now: Date): boolean {
  return at !== null && at.getTime() <= now.getTime();
}

export interface RefreshExpiry {
  /** When the whole family stops working, however often it is used. */
  absoluteExpiresAt: Date | null;
  /** min(absolute expiry, now + idle lifetime): when this token stops working if unused. */
  expiresAt: Date | null;
}

/**
 * A new refresh token inherits the family's absolute expiry (a rotation never extends it) and
 * gets a fresh idle window. A family that never expires has no idle window either.
 */
export function refreshExpiry(now: Date, ttlSeconds: number, idleSeconds: number, parent?: { absoluteExpiresAt: Date | null }): RefreshExpiry {
  const absoluteExpiresAt = parent ? parent.absoluteExpiresAt : expiryAfter(now, ttlSeconds);
  const neverExpires = parent ? parent.absoluteExpiresAt === null : ttlSeconds === NEVER_EXPIRES;
  if (neverExpires) return { absoluteExpiresAt: null, expiresAt: null };
  const idleEnd = new Date(now.getTime() + idleSeconds * 1000);
  const expiresAt = absoluteExpiresAt && absoluteExpiresAt < idleEnd ? absoluteExpiresAt : idleEnd;
  return { absoluteExpiresAt, expiresAt };
}
