import { Injectable } from '@nestjs/common';
import { clientIp, HttpReply, HttpRequest } from '@app/common';
import { Passkeys, UsersService } from '@app/accounts';
import { AuditLog } from '@app/persistence';
import { BrowserSessions } from '../../sessions/browser-sessions.service';
import { safeReturnTo } from '../return-to';
import { withoutPending } from '../second-factor/pending-sign-in';
import { PasskeyChallenges } from './passkey-challenges';
import { ceremonyResponse, jsonCsrfToken, sendJson, sendRefusal } from './passkey-json';

export const PASSKEY_SIGN_IN_FAILED_MESSAGE = 'The passkey could not be verified. Try again, or sign in with your password.';

/**
 * Signing in without a password (the "Sign in with a passkey" button on /login): a discoverable
 * credential names its account by the user handle, and the authenticator must verify the user
 * (PIN or biometrics, the UV flag in the signed data). The login's methods are `['hwk']`
 * (RFC 8176), its `acr` is `mfa` (see acrFor): the key on the device and the user verification
 * that unlocks it are two factors (NIST SP 800-63B multi-factor cryptographic authenticator), so
 * the user is not asked for another one. A route beside the password step, not a branch of it.
 */
@Injectable()
export class PasskeySignIn {
  constructor(
    private readonly sessions: BrowserSessions,
    private readonly passkeys: Passkeys,
    private readonly challenges: PasskeyChallenges,
    private readonly users: UsersService,
    private readonly audit: AuditLog,
  ) {}

  /**
   * The login page is anonymous (its CSRF token is the signed double-submit cookie, no session
   * row); the challenge needs a session to live in, so one is created here, when the user asks.
   */
  async options(req: HttpRequest, res: HttpReply): Promise<void> {
    await this.sessions.verifiedLoginPost(req, jsonCsrfToken(req));
    const session = await this.sessions.ensure(req, res);
    const options = await this.passkeys.authenticationOptions(null);
    await this.challenges.issue(req, session, 'sign-in', options.challenge);
    sendJson(res, 200, options);
  }

  async verify(req: HttpRequest, res: HttpReply): Promise<void> {
    await this.sessions.verifiedLoginPost(req, jsonCsrfToken(req));
    const session = await this.sessions.current(req);
    const challenge = session ? await this.challenges.take(req, session, 'sign-in') : null;
    if (!challenge) return sendRefusal(res, 'challenge: no passkey request is waiting (it expired or was used); try again');
    const checked = await this.passkeys.authenticate(ceremonyResponse(req), challenge, null);
    const user = checked.outcome === 'valid' ? await this.users.findById(checked.userId) : null;
    if (!user || user.disabled) {
      await this.audit.record({ actor: 'anonymous', ip: clientIp(req) }, {
        action: 'user.passkey_sign_in_failed', targetType: 'user', targetId: checked.outcome === 'valid' ? checked.userId : null,
        details: { reason: checked.outcome === 'invalid' ? checked.reason.slice(0, 200) : 'account disabled or gone' },
      });
      return sendRefusal(res, PASSKEY_SIGN_IN_FAILED_MESSAGE);
    }
    const amr = ['hwk'];
    const signedIn = await this.sessions.logIn(req, res, user, amr);
    await this.sessions.updateData(req, signedIn, withoutPending(signedIn.data));
    await this.audit.record({ actor: `user:${user.id}`, ip: clientIp(req) }, {
      action: 'user.login', targetType: 'user', targetId: user.id, details: { amr, method: 'passkey' },
    });
    sendJson(res, 200, { redirect: safeReturnTo(((req.body ?? {}) as Record<string, unknown>).return_to) });
  }
}
