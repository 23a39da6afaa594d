import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig, clientIp, HttpReply, HttpRequest } from '@app/common';
import type { SessionView } from '@app/accounts';
import { BrowserSessions } from '@app/authorization';
import { AuditLog } from '@app/persistence';
import { EndSessionParams } from './end-session-request';
import { EndSessionRequests, LogoutTarget } from './end-session.service';

/**
 * OpenID Connect RP-Initiated Logout 1.0 §2-§3, and when the user is asked (§2 "the OP SHOULD
 * ask the End-User whether to log out"):
 * - a valid id_token_hint naming the signed-in user: the session ends at once;
 * - anything else with a signed-in user (no hint, a hint for another user): a confirmation page
 *   whose form carries the session's CSRF token, so a third-party page cannot sign the user out
 *   (checklist #6: nor bounce them to any URI but a registered one);
 * - nobody signed in: nothing to end.
 * Then a 302 to the registered post-logout URI (with state), or the logged-out page.
 */
@Injectable()
export class EndSessionFlow {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly requests: EndSessionRequests,
    private readonly sessions: BrowserSessions,
    private readonly audit: AuditLog,
  ) {}

  async handle(req: HttpRequest, res: HttpReply, params: EndSessionParams): Promise<void> {
    const target = await this.requests.resolve(params);
    const session = await this.sessions.current(req);
    if (session?.userId) {
      if (params.confirmed) await this.sessions.verifiedPost(req, params.csrf);
      else if (!(await this.requests.hintNamesUser(target, session.userId))) return this.confirm(res, session, params, target);
      await this.sessions.logOut(req, res);
      await this.audit.record({ actor: `user:${session.userId}`, ip: clientIp(req) }, {
        action: 'user.logout', targetType: 'user', targetId: session.userId,
        details: { initiated_by: 'client', client_id: target.client?.clientId ?? null, confirmed: params.confirmed },
      });
    }
    res.header('Cache-Control', 'no-store');
    if (target.location) {
      res.redirect(target.location, 302);
      return;
    }
    res.status(200).view('logged-out', { title: 'Signed out', platformName: this.config.server.platformName });
  }

  private confirm(res: HttpReply, session: SessionView, params: EndSessionParams, target: LogoutTarget): void {
    res.status(200).header('Cache-Control', 'no-store').view('logout-confirm', {
      title: 'Sign out',
      platformName: this.config.server.platformName,
      csrf: session.csrfToken,
      clientName: target.client?.clientName,
      clientId: target.client?.clientId,
      postLogoutRedirectUri: target.location ? params.postLogoutRedirectUri : undefined,
      state: target.location ? params.state : undefined,
    });
  }
}
