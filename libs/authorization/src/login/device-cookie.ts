import { Inject, Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { APP_CONFIG, AppConfig, constantTimeEqual, hmacBase64Url, HttpReply, HttpRequest } from '@app/common';
import { sessionCookieOptions } from '../sessions/session-cookie';

/**
 * Device cookies (OWASP "Slow Down Online Guessing Attacks with Device Cookies"): a browser that
 * signed in to an account gets a cookie that names that account and a random device id, signed
 * with a key derived from SESSION_SECRET, valid THROTTLE_LOGIN_TRUST_DAYS. With it, the browser's
 * login attempts for that account are counted against the device alone (LoginThrottle), so an
 * attacker who locks the account from elsewhere does not lock its rightful user out.
 *
 * One cookie per account (`gh_device_<16 hex>`, the suffix a keyed hash of the account, so the
 * name does not show it): value `<device id>.<expiry, unix seconds>.<HMAC-SHA256>`, the MAC over
 * account, device id and expiry. HttpOnly, SameSite=Lax, Path=/, Secure on https issuers.
 */
export const DEVICE_COOKIE_PREFIX = 'gh_device_';

@Injectable()
export class DeviceCookies {
  private readonly key: string;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.key = hmacBase64Url(config.session.secret, 'gatehouse device cookie v1');
  }

  /** The device id of a valid cookie of this browser for `account` (normalised), or null. */
  read(req: HttpRequest, account: string): string | null {
    if (!this.enabled() || !account) return null;
    const value = (req.cookies as Record<string, string | undefined> | undefined)?.[this.name(account)];
    if (typeof value !== 'string' || value.length > 200) return null;
    const [id, exp, mac, ...rest] = value.split('.');
    if (rest.length || !id || !/^\d{1,12}$/.test(exp ?? '') || !mac) return null;
    if (Number(exp) * 1000 <= Date.now()) return null;
    return constantTimeEqual(mac, this.mac(account, id, exp)) ? id : null;
  }

  /** Gives this browser a new device cookie for `account` (normalised), after a successful login. */
  issue(res: HttpReply, account: string): void {
    if (!this.enabled() || !account) return;
    const maxAge = this.config.throttle.loginTrustDays * 86_400;
    const id = randomBytes(16).toString('base64url');
    const exp = String(Math.floor(Date.now() / 1000) + maxAge);
    res.setCookie(this.name(account), `${id}.${exp}.${this.mac(account, id, exp)}`, { ...sessionCookieOptions(this.config.server.issuer), maxAge });
  }

  private enabled(): boolean {
    return this.config.throttle.loginTrustDays > 0;
  }

  private name(account: string): string {
    return DEVICE_COOKIE_PREFIX + Buffer.from(hmacBase64Url(this.key, `name\n${account}`), 'base64url').toString('hex').slice(0, 16);
  }

  private mac(account: string, id: string, exp: string): string {
    return hmacBase64Url(this.key, `device\n${account}\n${id}\n${exp}`);
  }
}
