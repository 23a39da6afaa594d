import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { clientIp, ForbiddenError, HttpRequest } from '@app/common';
import { BrowserSessions } from '@app/authorization';
import { CONSOLE_ADMIN, ConsoleAdmin, ConsoleEnrolmentRequired, ConsoleLoginRequired } from './console-admin';
import { ConsoleMfaPolicy } from './console-mfa-policy';

/**
 * Says who is calling a console page: a browser session of an enabled admin. Not signed in →
 * the console login (with return_to); signed in without the admin role → 403; ADMIN_MFA=required
 * without a second factor → its set-up (ConsoleMfaPolicy).
 */
@Injectable()
export class ConsoleAdminGuard implements CanActivate {
  constructor(private readonly sessions: BrowserSessions, private readonly mfa: ConsoleMfaPolicy) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const req = ctx.switchToHttp().getRequest<HttpRequest>();
    const signedIn = await this.sessions.signedIn(req);
    if (!signedIn) throw new ConsoleLoginRequired(req.method === 'GET' ? req.url : '/admin');
    if (!signedIn.user.is_admin) throw new ForbiddenError('This account may not use the admin console.');
    const verdict = await this.mfa.verdict(signedIn);
    const onSecurityPage = req.url === ConsoleEnrolmentRequired.PATH || req.url.startsWith(`${ConsoleEnrolmentRequired.PATH}/`);
    if (verdict === 'enrol' && !onSecurityPage) throw new ConsoleEnrolmentRequired();
    if (verdict === 'sign-in-again') throw new ConsoleLoginRequired(req.method === 'GET' ? req.url : '/admin');
    const admin: ConsoleAdmin = { ...signedIn, audit: { actor: `admin:${signedIn.user.username}`, ip: clientIp(req) } };
    (req as unknown as Record<symbol, ConsoleAdmin>)[CONSOLE_ADMIN] = admin;
    return true;
  }
}
