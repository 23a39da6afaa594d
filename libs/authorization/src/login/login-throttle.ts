import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@app/common';
import { RateLimiter, RateLimitRule } from '@app/persistence';

/**
 * Login throttling (OAuth 2.1 §7.x brute force, PRODUCT.md "Throttling defaults"): failed logins
 * are counted per account and per address; reaching the limit locks that account (or address)
 * for a whole window from that moment, even for the right password. Successful logins never
 * count. Counters live in the database, so every instance sees them.
 */
@Injectable()
export class LoginThrottle {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig, private readonly limiter: RateLimiter) {}

  /** Seconds until this account and address may try again; 0 when neither is locked. */
  async blockedFor(username: string, ip: string): Promise<number> {
    const [account, address] = await Promise.all([
      this.limiter.blockedFor(this.rules(username, ip).accountLock),
      this.limiter.blockedFor(this.rules(username, ip).addressLock),
    ]);
    return Math.max(account, address);
  }

  /** Counts one failure; returns true when it locked the account or the address. */
  async failed(username: string, ip: string): Promise<boolean> {
    const r = this.rules(username, ip);
    let locked = false;
    if ((await this.limiter.fail(r.account)) >= r.account.limit) {
      await this.limiter.fail(r.accountLock);
      locked = true;
    }
    if ((await this.limiter.fail(r.address)) >= r.address.limit) {
      await this.limiter.fail(r.addressLock);
      locked = true;
    }
    return locked;
  }

  private rules(username: string, ip: string): Record<'account' | 'address' | 'accountLock' | 'addressLock', RateLimitRule> {
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
