import { Injectable } from '@nestjs/common';
import { clientIp, HttpReply, HttpRequest } from '@app/common';
import { UsersService } from '@app/accounts';
import { AuditLog } from '@app/persistence';
import { AuthorizationResponses } from '../authorize/authorization-response';
import { LoginRequests } from '../login-requests/login-requests.service';
import { StartAgainError } from '../login-requests/start-again.error';
import { BrowserSessions } from '../sessions/browser-sessions.service';
import { safeReturnTo } from './return-to';

/**
 * GET /login/resume?login_verifier=… (LOGIN_MODE=provider): where the platform sends the
 * browser after accepting or rejecting a login request. A GET, so the SameSite=Lax session
 * cookie comes along on the platform's redirect. Only the browser session that started the
 * request can finish it: an accepted request signs the user in (new session id, the platform's
 * amr) and goes back to the authorize URL, where the sign-in steps run again; a rejected one
 * sends the app access_denied. Anything else is the "start again" page.
 */
@Injectable()
export class LoginResume {
  constructor(
    private readonly sessions: BrowserSessions,
    private readonly requests: LoginRequests,
    private readonly users: UsersService,
    private readonly responses: AuthorizationResponses,
    private readonly audit: AuditLog,
  ) {}

  async resume(req: HttpRequest, res: HttpReply): Promise<void> {
    const verifier = (req.query as Record<string, unknown>).login_verifier;
    const session = await this.sessions.current(req);
    const result = await this.requests.resume(verifier, session?.id ?? null);
    res.header('Cache-Control', 'no-store');
    if (result.kind === 'rejected') {
      res.redirect(this.responses.denial(result.target, result.description ?? undefined), 302);
      return;
    }
    const user = await this.users.findById(result.userId);
    if (!user || user.disabled) throw StartAgainError.unknown();
    await this.sessions.logIn(req, res, user, result.amr);
    await this.audit.record({ actor: `user:${user.id}`, ip: clientIp(req) }, {
      action: 'user.login', targetType: 'user', targetId: user.id, details: { via: 'platform', amr: result.amr },
    });
    res.redirect(safeReturnTo(result.returnTo), 302);
  }
}
