import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig, ForbiddenError, RateLimitedError, UnauthenticatedError } from '@app/common';
import { SessionStore, UsersService } from '@app/accounts';
import { AuditContext, RateLimiter } from '@app/persistence';

/**
 * Who may register a channel (PRODUCT.md "REGISTRATION"): anyone while registration is open,
 * only operators (an admin API bearer token) while it is closed. Anonymous registrations are
 * counted per address (THROTTLE_REGISTRATION per THROTTLE_REGISTRATION_WINDOW) — every one,
 * successful or not, since even valid registrations fill the operators' queue.
 * Used by POST /api/v1/clients and by the dialect registration routes.
 */
@Injectable()
export class RegistrationGate {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly sessions: SessionStore,
    private readonly users: UsersService,
    private readonly limiter: RateLimiter,
  ) {}

  /** The audit context of the registration, or a 401 / 403 / 429 domain error. */
  async admit(authorization: string | undefined, ip: string): Promise<AuditContext> {
    const operator = await this.operatorOf(authorization);
    if (operator) return { actor: `admin:${operator}`, ip };
    if (this.config.registration === 'closed') {
      throw new ForbiddenError('Registration is closed: only an operator (admin API bearer token) may register a channel');
    }
    await this.count(ip);
    return { actor: 'anonymous', ip };
  }

  /** Credentials, when presented, must be a live admin API session of an enabled admin. */
  private async operatorOf(authorization: string | undefined): Promise<string | null> {
    if (!authorization) return null;
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    const session = match ? await this.sessions.find(match[1], 'admin_api') : null;
    const user = session?.userId ? await this.users.findById(session.userId) : null;
    if (!user || user.disabled) throw new UnauthenticatedError('The bearer token is invalid or expired');
    if (!user.is_admin) throw new ForbiddenError('Only operators may register with a bearer token');
    return user.username;
  }

  private async count(ip: string): Promise<void> {
    const rule = {
      key: `registration:address:${ip}`,
      limit: this.config.throttle.registrationPerAddress,
      windowSeconds: this.config.throttle.registrationWindow,
    };
    // Count first, then compare: concurrent requests cannot all slip under the limit.
    const hits = await this.limiter.fail(rule);
    if (hits > rule.limit) {
      const wait = await this.limiter.blockedFor(rule);
      throw new RateLimitedError('Too many registrations from this address; try again later', Math.max(wait, 1));
    }
  }
}
