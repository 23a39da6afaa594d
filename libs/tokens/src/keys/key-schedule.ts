import { KEY_CACHE_SECONDS } from './key-retention';

/**
 * RFC 7517 key rollover without a gap (OIDC Core §10.1.1: "the signer can begin using a new key
 * at its discretion … the JWK Set … should contain the new key before it is used").
 * - a rotation publishes the next key at once and lets it sign only PREPUBLISH_SECONDS later;
 *   that is longer than the JWKS Cache-Control max-age plus the interval at which instances
 *   reload the set, so every verifier that honours max-age (or, like oauth4webapi, refetches on
 *   an unknown kid after a minute) holds the key before the first token it signed;
 * - the key that signed before keeps signing until then, and stays published until the last
 *   token it signed has expired (key-retention.ts), computed once it has stopped signing.
 * Pure functions over the rows and a time, so that every step is decided by the clock passed in.
 */
export const JWKS_MAX_AGE_SECONDS = 300;
export const PREPUBLISH_SECONDS = 2 * JWKS_MAX_AGE_SECONDS;

export interface ScheduledKey {
  status: 'next' | 'active' | 'retired';
  createdAt: Date;
  activatesAt?: Date | null;
  publishedUntil?: Date | null;
}

/** When the key began (or begins) to sign. */
export function startsAt(key: ScheduledKey): Date {
  return key.activatesAt ?? key.createdAt;
}

/** The key that signs at `now`: of the keys not retired that have started, the latest to start. */
export function signingKeyAt<K extends ScheduledKey>(keys: readonly K[], now: Date): K | undefined {
  let best: K | undefined;
  for (const k of keys) {
    if (k.status === 'retired' || startsAt(k) > now) continue;
    if (!best || startsAt(k) > startsAt(best)) best = k;
  }
  return best;
}

/** The keys in the JWKS at `now`: the pending and signing ones, and retired ones until their deadline. */
export function publishedAt<K extends ScheduledKey>(keys: readonly K[], now: Date): K[] {
  return keys.filter((k) => k.status !== 'retired' || !k.publishedUntil || k.publishedUntil > now);
}

/** The next key waiting to sign at `now`, if a rotation is under way. */
export function pendingAt<K extends ScheduledKey>(keys: readonly K[], now: Date): K | undefined {
  return keys.find((k) => k.status !== 'retired' && startsAt(k) > now);
}

export interface Settlement<K> {
  /** Pending keys whose time has come: now "active". */
  activate: K[];
  /** Keys a later key has replaced, for longer than instances take to notice: now "retired" at `retiredAt`. */
  retire: { key: K; retiredAt: Date }[];
}

/**
 * What the rows should say at `now`. A replaced key is retired only KEY_CACHE_SECONDS after its
 * successor started, so that the tokens other instances signed with it meanwhile exist by then
 * and count towards its retention.
 */
export function settlementAt<K extends ScheduledKey>(keys: readonly K[], now: Date): Settlement<K> {
  const signing = signingKeyAt(keys, now);
  const activate = keys.filter((k) => k.status === 'next' && startsAt(k) <= now);
  const retire: Settlement<K>['retire'] = [];
  if (signing && startsAt(signing).getTime() + KEY_CACHE_SECONDS * 1000 <= now.getTime()) {
    for (const k of keys) {
      if (k === signing || k.status === 'retired' || startsAt(k) > startsAt(signing)) continue;
      retire.push({ key: k, retiredAt: startsAt(signing) });
    }
  }
  return { activate, retire };
}

/** A scheduled rotation is due when the signing key is older than the period and none is pending. */
export function rotationDue(keys: readonly ScheduledKey[], now: Date, periodDays: number): boolean {
  if (periodDays <= 0 || pendingAt(keys, now)) return false;
  const signing = signingKeyAt(keys, now);
  return !signing || now.getTime() - startsAt(signing).getTime() >= periodDays * 86_400_000;
}
