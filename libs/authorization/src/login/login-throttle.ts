import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@app/common';
import { lockout, Lockout, RateLimiter } from '@app/persistence';

/**
 * Where a login attempt comes from, as far as the throttle is concerned (issue 14, finding 3):
 * - `device`: the browser shows a valid device cookie for this account (DeviceCookies);
 * - `trusted-address`: the address signed in to this account before (within THROTTLE_LOGIN_TRUST_DAYS);
 * - `untrusted`: anyone else.
 */
export type LoginSource =
  | { kind: 'device'; deviceId: string }
  | { kind: 'trusted-address' }
  | { kind: 'untrusted' };

/** An attempt that was counted before its password check. */
export interface CountedAttempt {
  username: string;
  ip: string;
  source: LoginSource['kind'];
  /** The lockouts it was counted against, in order, and the count each reached. */
  counted: { lockout: Lockout; hits: number }[];
}

/** One account is one bucket on both databases: usernames compare case-insensitively on MySQL. */
export function accountKey(username: string): string {
  return username.trim().toLowerCase().slice(0, 64);
}

/**
 * Login throttling (OAuth 2.1 §7.x brute force, PRODUCT.md "Throttling defaults") that cannot be
 * turned into a denial of service against the account's rightful user (OWASP device cookies).
 * Failed logins are counted against the source of the attempt (LoginSource), never against
 * sources the attempt did not come from:
 * - untrusted: per account (THROTTLE_LOGIN_PER_ACCOUNT per window; reaching it locks the account
 *   for untrusted sources only) and per address (THROTTLE_LOGIN_PER_ADDRESS);
 * - a device cookie: per device, with the per-account limit; reaching it locks that device;
 * - a trusted address: per (account, address), with the per-account limit, and per address.
 * So a browser or an address that has signed in to the account keeps working while the account
 * is locked for everyone else, and an attacker still gets at most the per-account limit of
 * guesses per window from all untrusted sources together. Counters live in the database, so
 * every instance sees them; every lock is listed and cleared through `Locks` (persistence).
 *
 * An attempt is counted BEFORE its password is checked and taken back when it succeeds
 * (successful logins never count). Counting afterwards would let a burst of parallel guesses
 * all pass the check while the counter still reads zero: 20 guesses at once against a limit of 5.
 * Lockouts are counted in order and a later one is counted only for attempts the earlier ones
 * admit, so that hammering one locked account does not also lock its address for everyone else.
 */
@Injectable()
export class LoginThrottle {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig, private readonly limiter: RateLimiter) {}

  /** Which source an attempt comes from; `deviceId` is the id of a device cookie valid for this account. */
  async sourceOf(username: string, ip: string, deviceId: string | null): Promise<LoginSource> {
    if (deviceId) return { kind: 'device', deviceId };
    if (this.trustEnabled() && await this.limiter.isMarked(this.trustKey(username, ip))) return { kind: 'trusted-address' };
    return { kind: 'untrusted' };
  }

  /**
   * Counts one attempt before the password check. Returns the attempt, or the seconds to wait
   * when its source is locked or this attempt is one too many (which locks it).
   */
  async admit(username: string, ip: string, source: LoginSource): Promise<{ attempt: CountedAttempt } | { retryAfterSeconds: number; lockedNow: boolean }> {
    const lockouts = this.lockouts(username, ip, source);
    const waits = await Promise.all(lockouts.map((l) => this.limiter.blockedFor(l.lock)));
    const wait = Math.max(0, ...waits);
    if (wait > 0) return { retryAfterSeconds: wait, lockedNow: false };
    const counted: CountedAttempt['counted'] = [];
    for (const l of lockouts) {
      const hits = await this.limiter.fail(l.counter);
      if (hits > l.counter.limit) {
        for (const earlier of counted) await this.limiter.release(earlier.lockout.counter);
        return this.refuse(l);
      }
      counted.push({ lockout: l, hits });
    }
    return { attempt: { username, ip, source: source.kind, counted } };
  }

  /** The password was right: the attempt does not count, and the address is trusted for this account from now on. */
  async succeeded(attempt: CountedAttempt): Promise<void> {
    for (const c of attempt.counted) await this.limiter.release(c.lockout.counter);
    if (this.trustEnabled()) {
      await this.limiter.mark(this.trustKey(attempt.username, attempt.ip), new Date(Date.now() + this.config.throttle.loginTrustDays * 86_400_000));
    }
  }

  /** The password was wrong (already counted); returns true when this failure locked its source. */
  async failed(attempt: CountedAttempt): Promise<boolean> {
    let locked = false;
    for (const c of attempt.counted) {
      if (c.hits >= c.lockout.counter.limit) locked = (await this.limiter.fail(c.lockout.lock)) === 1 || locked;
    }
    return locked;
  }

  private async refuse(l: Lockout): Promise<{ retryAfterSeconds: number; lockedNow: boolean }> {
    const lockedNow = (await this.limiter.fail(l.lock)) === 1;
    return { retryAfterSeconds: Math.max(1, await this.limiter.blockedFor(l.lock)), lockedNow };
  }

  private lockouts(username: string, ip: string, source: LoginSource): Lockout[] {
    const t = this.config.throttle;
    const account = accountKey(username);
    const address = ip.slice(0, 64);
    const perAccount = (kind: string, subject: string) => lockout(kind, subject, t.loginPerAccount, t.loginPerAccountWindow);
    const perAddress = lockout('login:address', address, t.loginPerAddress, t.loginPerAddressWindow);
    switch (source.kind) {
      case 'device': return [perAccount('login:device', `${account}/${source.deviceId.slice(0, 32)}`)];
      case 'trusted-address': return [perAccount('login:account-address', `${account}/${address}`), perAddress];
      default: return [perAccount('login:account', account), perAddress];
    }
  }

  private trustEnabled(): boolean {
    return this.config.throttle.loginTrustDays > 0;
  }

  /** The mark "this address signed in to this account" (a rate_limits row until the trust ends). */
  private trustKey(username: string, ip: string): string {
    return `login:trusted:${accountKey(username)}/${ip.slice(0, 64)}`;
  }
}
