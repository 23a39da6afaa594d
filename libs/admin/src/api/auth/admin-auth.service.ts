import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig, clientIp, ForbiddenError, HttpReply, HttpRequest, RateLimitedError, UnauthenticatedError } from '@app/common';
import { SecondFactors, SessionStore, UsersService } from '@app/accounts';
import { PasswordLogin } from '@app/authorization';
import { AuditLog } from '@app/persistence';
import type { AdminPrincipal } from './admin-principal';

export interface IssuedAdminSession {
  token: string;
  expiresIn: number;
}

const GENERIC_FAILURE = 'Invalid username or password';

/**
 * Admin API sessions: a password login that yields an opaque bearer token (a SessionStore
 * 'admin_api' session; only its hash is stored), the check of that token on every request, and
 * logout. The password check is the browser login's own (PasswordLogin: passport-local, failures
 * throttled per account and per address with THROTTLE_LOGIN_*, on the same counters), answered
 * with one generic message whatever went wrong; while locked even the right password gets 429.
 */
@Injectable()
export class AdminAuthService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly users: UsersService,
    private readonly sessions: SessionStore,
    private readonly passwords: PasswordLogin,
    private readonly audit: AuditLog,
    private readonly factors: SecondFactors,
  ) {}

  async login(req: HttpRequest, username: string, password: string, otp?: string, res?: HttpReply): Promise<IssuedAdminSession> {
    const attempt = await this.passwords.attempt(req, username, password, res);
    if (attempt.outcome === 'throttled') throw new RateLimitedError('Too many failed login attempts; try again later', attempt.retryAfterSeconds);
    if (attempt.outcome !== 'success') throw new UnauthenticatedError(GENERIC_FAILURE);
    const { user } = attempt;
    // The password was right, so saying that the account lacks the role reveals nothing new.
    if (!user.is_admin) throw new ForbiddenError('This account may not use the admin API');
    const amr = await this.secondFactor(req, user.id, user.username, otp);
    const ttl = this.config.session.ttlSeconds;
    const { sid } = await this.sessions.create('admin_api', ttl, user.id, {}, amr);
    await this.audit.record({ actor: `admin:${user.username}`, ip: clientIp(req) }, { action: 'admin.login', targetType: 'user', targetId: user.id, details: { amr } });
    return { token: sid, expiresIn: ttl };
  }

  /**
   * The second factor of an API login: an operator who has one must send `otp` (a TOTP or a
   * recovery code; an operator with only passkeys is refused with a 403 that says why); with
   * ADMIN_MFA=required one who has none is refused until they set it up in the console.
   * A wrong code is a failed login (same generic answer, same throttle).
   */
  private async secondFactor(req: HttpRequest, userId: string, username: string, otp: string | undefined): Promise<string[]> {
    if (!(await this.factors.enrolled(userId))) {
      if (this.config.adminMfa === 'required') throw new ForbiddenError('ADMIN_MFA=required: set up two-step verification in the console (/admin/security) first');
      return ['pwd'];
    }
    // A passkey needs a browser: an operator who has only passkeys cannot pass the API's second step.
    if (!(await this.factors.hasTotp(userId))) {
      throw new ForbiddenError('This operator signs in with a passkey, which the admin API cannot ask for: add an authenticator app in the console (/admin/security) to send its code as `otp`');
    }
    if (!otp) throw new UnauthenticatedError('This operator uses two-step verification: send the current code as `otp`');
    const checked = await this.factors.attempt(userId, otp);
    if (checked.outcome === 'throttled') throw new RateLimitedError('Too many wrong codes; try again later', checked.retryAfterSeconds);
    if (checked.outcome === 'invalid') {
      await this.audit.record({ actor: `admin:${username}`, ip: clientIp(req) }, { action: 'user.mfa_failed', targetType: 'user', targetId: userId });
      throw new UnauthenticatedError(GENERIC_FAILURE);
    }
    return ['pwd', 'otp', 'mfa'];
  }

  /** 401 for a missing, unknown or expired token or a disabled account; 403 when no longer an admin. */
  async authenticate(token: string | undefined): Promise<AdminPrincipal> {
    if (!token) throw new UnauthenticatedError('A bearer token is required (POST /api/admin/session)');
    const session = await this.sessions.find(token, 'admin_api');
    const user = session?.userId ? await this.users.findById(session.userId) : null;
    if (!session || !user || user.disabled) throw new UnauthenticatedError('The bearer token is invalid or expired');
    if (!user.is_admin) throw new ForbiddenError('This account may not use the admin API');
    return { sessionId: session.id, userId: user.id, username: user.username };
  }

  async logout(admin: AdminPrincipal, ip: string): Promise<void> {
    await this.sessions.destroy(admin.sessionId);
    await this.audit.record({ actor: `admin:${admin.username}`, ip }, { action: 'admin.logout', targetType: 'user', targetId: admin.userId });
  }
}
