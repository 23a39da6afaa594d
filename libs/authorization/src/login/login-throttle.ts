import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@app/common';
import { RateLimiter, RateLimitRule } from '@app/persistence';

type Rules = Record<'account' | 'address' | 'accountLock' | 'addressLock', RateLimitRule>;

/** An attempt that was counted before its password check. */
export interface CountedAttempt {
  username: string;
  ip: string;
  accountHits: number;
  addressHits: number;
}

/**
 * Login throttling (OAuth 2.1 §7.x brute force, PRODUCT.md "Throttling defaults"): failed logins
 * are counted per account and per address; reaching the limit locks that account (or address)
 * for a whole window from that moment, even for the right password. Counters live in the
 * database, so every instance sees them.
 *
 * An attempt is counted BEFORE its password is checked and taken back when it succeeds
 * (successful logins never count). Counting afterwards would let a burst of parallel guesses
 * all pass the check while the counter still reads zero: 20 guesses at once against a limit of 5.
 * The account is counted first and the address only for attempts the account admits, so that
 * hammering one locked account does not also lock its address for everyone else.
 */
@Injectable()
export class LoginThrottle {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig, private readonly limiter: RateLimiter) {}

  /** Seconds until this account and address may try again; 0 when neither is locked. */
  async blockedFor(username: string, ip: string): Promise<number> {
    const r = this.rules(username, ip);
    const [account, address] = await Promise.all([this.limiter.blockedFor(r.accountLock), this.limiter.blockedFor(r.addressLock)]);
    return Math.max(account, address);
  }

  /**
   * Counts one attempt before the password check. Returns the attempt, or the seconds to wait
   * when the account or address is locked or this attempt is one too many (which locks it).
   */
  async admit(username: string, ip: string): Promise<{ attempt: CountedAttempt } | { retryAfterSeconds: number; lockedNow: boolean }> {
    const wait = await this.blockedFor(username, ip);
    if (wait > 0) return { retryAfterSeconds: wait, lockedNow: false };
    const r = this.rules(username, ip);
    const accountHits = await this.limiter.fail(r.account);
    if (accountHits > r.account.limit) return this.refuse(r.accountLock);
    const addressHits = await this.limiter.fail(r.address);
    if (addressHits > r.address.limit) {
      await this.limiter.release(r.account);
      return this.refuse(r.addressLock);
    }
    return { attempt: { username, ip, accountHits, addressHits } };
  }

  /** The password was right: the attempt does not count. */
  async succeeded(attempt: CountedAttempt): Promise<void> {
    const r = this.rules(attempt.username, attempt.ip);
    await this.limiter.release(r.account);
    await this.limiter.release(r.address);
  }

  /** The password was wrong (already counted); returns true when this failure locked the account or the address. */
  async failed(attempt: CountedAttempt): Promise<boolean> {
    const r = this.rules(attempt.username, attempt.ip);
    let locked = false;
    if (attempt.accountHits >= r.account.limit) locked = (await this.limiter.fail(r.accountLock)) === 1 || locked;
    if (attempt.addressHits >= r.address.limit) locked = (await this.limiter.fail(r.addressLock)) === 1 || locked;
    return locked;
  }

  private async refuse(lock: RateLimitRule): Promise<{ retryAfterSeconds: number; lockedNow: boolean }> {
    const lockedNow = (await this.limiter.fail(lock)) === 1;
    return { retryAfterSeconds: Math.max(1, await this.limiter.blockedFor(lock)), lockedNow };
  }

  private rules(username: string, ip: string): Rules {
    const t = this.config.throttle;
    // Usernames compare case-insensitively on MySQL, so one account is one bucket on both databases.
    const account = username.trim().toLowerCase().slice(0, 64);
    const address = ip.slice(0, 64);
    return {
      account: { key: `login:account:${account}`, limit: t.loginPerAccount, windowSeconds: t.loginPerAccountWindow },
      accountLock: { key: `login:account-lock:${account}`, limit: 1, windowSeconds: t.loginPerAccountWindow },
      address: { key: `login:address:${address}`, limit: t.loginPerAddress, windowSeconds: t.loginPerAddressWindow },
      addressLock: { key: `login:address-lock:${address}`, limit: 1, windowSeconds: t.loginPerAddressWindow },
    };
  }
}
