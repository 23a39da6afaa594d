import { Injectable } from '@nestjs/common';
import { clientIp, HttpReply, HttpRequest } from '@app/common';
import { SecondFactors, UserView } from '@app/accounts';
import { AuditLog } from '@app/persistence';
import { BrowserSessions } from '../../sessions/browser-sessions.service';
import { PendingSignIn } from './pending-sign-in';

export const SECOND_FACTOR_PATH = '/login/mfa';

/**
 * Every way in through a Gatehouse page ends here once the first factor is right (the login page,
 * the console login): a user with a second factor is not signed in yet — the facts so far are
 * kept as a pending sign-in and the browser goes to the second step; everyone else is signed in
 * (the session id rotates) and goes on to `returnTo`.
 */
@Injectable()
export class SignInCompletion {
  constructor(private readonly sessions: BrowserSessions, private readonly factors: SecondFactors, private readonly audit: AuditLog) {}

  async complete(req: HttpRequest, res: HttpReply, user: UserView, amr: string[], returnTo: string, auditAction = 'user.login'): Promise<void> {
    if (await this.factors.enrolled(user.id)) {
      await this.askSecondFactor(req, res, { userId: user.id, amr, returnTo, stepUp: false, at: new Date().toISOString() });
      return;
    }
    await this.sessions.logIn(req, res, user, amr);
    await this.audit.record({ actor: `user:${user.id}`, ip: clientIp(req) }, { action: auditAction, targetType: 'user', targetId: user.id, details: { amr } });
    res.header('Cache-Control', 'no-store').redirect(returnTo, 302);
  }

  /** Records the pending sign-in and sends the browser to the second step. */
  async askSecondFactor(req: HttpRequest, res: HttpReply, pending: PendingSignIn): Promise<void> {
    const session = await this.sessions.ensure(req, res);
    await this.sessions.updateData(req, session, { ...session.data, pendingSignIn: pending });
    res.header('Cache-Control', 'no-store').redirect(SECOND_FACTOR_PATH, 302);
  }
}
