import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig, clientIp, HttpReply, HttpRequest } from '@app/common';
import { Passkeys, SecondFactors, UsersService } from '@app/accounts';
import type { UserView } from '@app/accounts';
import { AuditLog } from '@app/persistence';
import { BrowserSessions } from '../../sessions/browser-sessions.service';
import { PendingSignIn, pendingSignIn, withoutPending } from './pending-sign-in';

export const MFA_FAILED_MESSAGE = 'The code is not right, or it was used already. Enter the current code from your app, or a recovery code.';
export const MFA_LOCKED_MESSAGE = 'Too many wrong codes. Wait a while and try again.';

/**
 * The second step of signing in (`/login/mfa`, `form#mfa-form`, input `code`): a TOTP code or a
 * one-time recovery code for the pending sign-in the password step left in the session. Wrong
 * codes are throttled per account like passwords (SecondFactors.attempt); the step expires
 * with the pending sign-in (PENDING_SIGN_IN_SECONDS). On success the user is signed in under a
 * new session id with `otp` and `mfa` added to the methods (RFC 8176).
 */
@Injectable()
export class SecondFactorFlow {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly sessions: BrowserSessions,
    private readonly factors: SecondFactors,
    private readonly users: UsersService,
    private readonly audit: AuditLog,
    private readonly passkeys: Passkeys,
  ) {}

  async show(req: HttpRequest, res: HttpReply): Promise<void> {
    const session = await this.sessions.current(req);
    const pending = pendingSignIn(session);
    if (!pending) return this.startAgain(res);
    await this.render(res, 200, session!.csrfToken, pending.userId);
  }

  async submit(req: HttpRequest, res: HttpReply): Promise<void> {
    const form = (req.body ?? {}) as Record<string, unknown>;
    const session = await this.sessions.verifiedPost(req, form._csrf);
    const pending = pendingSignIn(session);
    const user = pending ? await this.users.findById(pending.userId) : null;
    if (!pending || !user || user.disabled) return this.startAgain(res);
    const checked = await this.factors.attempt(user.id, form.code);
    if (checked.outcome === 'throttled') {
      res.header('Retry-After', String(checked.retryAfterSeconds));
      return this.render(res, 429, session.csrfToken, user.id, MFA_LOCKED_MESSAGE);
    }
    if (checked.outcome === 'invalid') {
      await this.audit.record({ actor: `user:${user.id}`, ip: clientIp(req) }, { action: 'user.mfa_failed', targetType: 'user', targetId: user.id });
      return this.render(res, 401, session.csrfToken, user.id, MFA_FAILED_MESSAGE);
    }
    await this.signIn(req, res, user, pending, ['otp', 'mfa'], checked.method);
    res.header('Cache-Control', 'no-store').redirect(pending.returnTo, 302);
  }

  /** The second factor was right: signs in under a new session id with `added` methods, audited. */
  async signIn(req: HttpRequest, res: HttpReply, user: UserView, pending: PendingSignIn, added: string[], method: string): Promise<void> {
    const amr = [...new Set([...pending.amr, ...added])];
    const signedIn = await this.sessions.logIn(req, res, user, amr);
    await this.sessions.updateData(req, signedIn, withoutPending(signedIn.data));
    await this.audit.record({ actor: `user:${user.id}`, ip: clientIp(req) }, {
      action: pending.stepUp ? 'user.step_up' : 'user.login', targetType: 'user', targetId: user.id, details: { amr, second_factor: method },
    });
  }

  private startAgain(res: HttpReply): void {
    res.header('Cache-Control', 'no-store').redirect('/login', 302);
  }

  private async render(res: HttpReply, status: number, csrf: string, userId: string, error?: string): Promise<void> {
    const [totp, passkey] = await Promise.all([this.factors.hasTotp(userId), this.passkeys.has(userId)]);
    res.status(status).header('Cache-Control', 'no-store').view('login-mfa', {
      title: 'Two-step verification', platformName: this.config.server.platformName, csrf, error, totp: totp || !passkey, passkey,
    });
  }
}
