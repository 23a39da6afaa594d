import { Injectable } from '@nestjs/common';
import passport from 'passport';
import { clientIp, HttpReply, HttpRequest } from '@app/common';
import { SignInUnavailableError, UserView } from '@app/accounts';
import { AuditLog } from '@app/persistence';
import { LOCAL_STRATEGY } from './local.strategy';
import { DeviceCookies } from './device-cookie';
import { accountKey, LoginThrottle } from './login-throttle';

export type LoginOutcome =
  | { outcome: 'success'; user: UserView }
  /** Unknown user, wrong password and disabled account look the same to the caller. */
  | { outcome: 'invalid' }
  | { outcome: 'throttled'; retryAfterSeconds: number }
  /** Nobody could check the password (LOGIN_MODE=verify, platform down): not counted as a failure. */
  | { outcome: 'unavailable' };

/**
 * One password login attempt, for the login page, the admin console and the admin API alike: the
 * throttle is asked first (a locked source is refused even with the right password; the attempt
 * is counted before the check, see LoginThrottle), then passport-local; a success is taken back
 * off the count, trusts the address for the account and gives the browser a device cookie
 * (`res`), so that failures from elsewhere never lock it out (issue 14, finding 3).
 */
@Injectable()
export class PasswordLogin {
  constructor(private readonly throttle: LoginThrottle, private readonly devices: DeviceCookies, private readonly audit: AuditLog) {}

  async attempt(req: HttpRequest, username: unknown, password: unknown, res?: HttpReply): Promise<LoginOutcome> {
    const name = typeof username === 'string' ? username : '';
    const ip = clientIp(req);
    const source = await this.throttle.sourceOf(name, ip, this.devices.read(req, accountKey(name)));
    const admitted = await this.throttle.admit(name, ip, source);
    if (!('attempt' in admitted)) {
      if (admitted.lockedNow) await this.recordLock(name, ip, source.kind);
      return { outcome: 'throttled', retryAfterSeconds: admitted.retryAfterSeconds };
    }
    let user: UserView | null;
    try {
      user = await verifyWithPassport(name, typeof password === 'string' ? password : '');
    } catch (err) {
      if (!(err instanceof SignInUnavailableError)) throw err;
      await this.throttle.succeeded(admitted.attempt);
      return { outcome: 'unavailable' };
    }
    if (user) {
      await this.throttle.succeeded(admitted.attempt);
      if (res) this.devices.issue(res, accountKey(name));
      return { outcome: 'success', user };
    }
    if (await this.throttle.failed(admitted.attempt)) await this.recordLock(name, ip, source.kind);
    return { outcome: 'invalid' };
  }

  private recordLock(name: string, ip: string, source: string): Promise<void> {
    return this.audit.record({ actor: 'anonymous', ip }, {
      action: 'login.locked', targetType: 'username', targetId: name.slice(0, 64) || null, details: { source },
    });
  }
}

/**
 * Runs the local strategy on exactly these two values: passport-local would also read the
 * query string, and a password has no business in a URL.
 */
function verifyWithPassport(username: string, password: string): Promise<UserView | null> {
  const shim = { body: { username, password }, query: {} } as unknown as HttpRequest;
  return new Promise((resolve, reject) => {
    const authenticate = passport.authenticate(LOCAL_STRATEGY, { session: false }, (err: unknown, user: UserView | false) => {
      if (err) reject(err);
      else resolve(user || null);
    });
    authenticate(shim, {} as never, (err?: unknown) => (err ? reject(err) : resolve(null)));
  });
}
