import { Injectable } from '@nestjs/common';
import { clientIp, HttpReply, HttpRequest } from '@app/common';
import { Passkeys, UsersService } from '@app/accounts';
import { AuditLog } from '@app/persistence';
import { BrowserSessions } from '../../sessions/browser-sessions.service';
import { PasskeyChallenges } from '../passkeys/passkey-challenges';
import { ceremonyResponse, jsonCsrfToken, sendJson, sendRefusal } from '../passkeys/passkey-json';
import { pendingSignIn } from './pending-sign-in';
import { SecondFactorFlow } from './second-factor-flow';

export const PASSKEY_FAILED_MESSAGE = 'The passkey could not be verified. Try again, or use a code.';

/**
 * The second step with a passkey (`/login/mfa`, the "Use a passkey" button): JSON posts from the
 * page's script, CSRF token in X-CSRF-Token. Only the pending user's passkeys are allowed; a
 * right answer signs in with `hwk` and `mfa` added to the methods (RFC 8176).
 */
@Injectable()
export class PasskeySecondFactor {
  constructor(
    private readonly sessions: BrowserSessions,
    private readonly passkeys: Passkeys,
    private readonly challenges: PasskeyChallenges,
    private readonly users: UsersService,
    private readonly audit: AuditLog,
    private readonly flow: SecondFactorFlow,
  ) {}

  async options(req: HttpRequest, res: HttpReply): Promise<void> {
    const session = await this.sessions.verifiedPost(req, jsonCsrfToken(req));
    const pending = pendingSignIn(session);
    if (!pending || !(await this.passkeys.has(pending.userId))) return sendRefusal(res, 'no sign-in is waiting for a passkey; sign in again');
    const options = await this.passkeys.authenticationOptions(pending.userId);
    await this.challenges.issue(req, session, 'second-factor', options.challenge);
    sendJson(res, 200, options);
  }

  async verify(req: HttpRequest, res: HttpReply): Promise<void> {
    const session = await this.sessions.verifiedPost(req, jsonCsrfToken(req));
    const pending = pendingSignIn(session);
    const challenge = await this.challenges.take(req, session, 'second-factor');
    const user = pending ? await this.users.findById(pending.userId) : null;
    if (!pending || !user || user.disabled) return sendRefusal(res, 'no sign-in is waiting for a passkey; sign in again');
    if (!challenge) return sendRefusal(res, 'challenge: no passkey request is waiting (it expired or was used); try again');
    const checked = await this.passkeys.authenticate(ceremonyResponse(req), challenge, user.id);
    if (checked.outcome !== 'valid') {
      await this.audit.record({ actor: `user:${user.id}`, ip: clientIp(req) }, {
        action: 'user.mfa_failed', targetType: 'user', targetId: user.id, details: { method: 'webauthn', reason: checked.reason.slice(0, 200) },
      });
      return sendRefusal(res, PASSKEY_FAILED_MESSAGE);
    }
    await this.flow.signIn(req, res, user, pending, ['hwk', 'mfa'], 'webauthn');
    sendJson(res, 200, { redirect: pending.returnTo });
  }
}
