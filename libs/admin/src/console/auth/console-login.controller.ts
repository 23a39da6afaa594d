import { Controller, Get, Post, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { clientIp, HttpReply, HttpRequest } from '@app/common';
import { BrowserSessions, PasswordLogin, SignInCompletion } from '@app/authorization';
import { AuditLog, FloodCeilingGuard } from '@app/persistence';
import { consoleReturnTo } from './console-admin';
import { ConsoleErrorFilter } from './console-error.filter';
import { ConsoleMfaPolicy } from './console-mfa-policy';

type LoginError = 'admin.login.failed' | 'admin.login.locked' | 'admin.login.not_admin';

/**
 * The console login (RFC 9700 §4.11, §4.12): the browser login's own machinery — CSRF token,
 * PasswordLogin's throttle and generic failure, session rotation — plus the admin role. Only
 * console paths are accepted as return_to; the answer to the post is a 302.
 */
@ApiExcludeController()
@Controller('admin')
@UseFilters(ConsoleErrorFilter)
export class ConsoleLoginController {
  constructor(
    private readonly sessions: BrowserSessions,
    private readonly passwords: PasswordLogin,
    private readonly audit: AuditLog,
    private readonly completion: SignInCompletion,
    private readonly policy: ConsoleMfaPolicy,
  ) {}

  @Get('login')
  async show(@Req() req: HttpRequest, @Res() res: HttpReply): Promise<void> {
    const returnTo = consoleReturnTo((req.query as Record<string, unknown>).return_to);
    const signedIn = await this.sessions.signedIn(req);
    if (signedIn?.user.is_admin && (await this.policy.satisfied(signedIn))) {
      res.redirect(returnTo, 302);
      return;
    }
    const session = await this.sessions.formToken(req, res);
    this.page(res, 200, session.csrfToken, returnTo);
  }

  @Post('login')
  @UseGuards(FloodCeilingGuard)
  async submit(@Req() req: HttpRequest, @Res() res: HttpReply): Promise<void> {
    const form = (req.body ?? {}) as Record<string, unknown>;
    const session = await this.sessions.verifiedLoginPost(req, form._csrf);
    const returnTo = consoleReturnTo(form.return_to);
    const username = typeof form.username === 'string' ? form.username.slice(0, 64) : '';
    const result = await this.passwords.attempt(req, form.username, form.password, res);
    if (result.outcome === 'throttled') {
      res.header('Retry-After', String(result.retryAfterSeconds));
      return this.page(res, 429, session.csrfToken, returnTo, username, 'admin.login.locked');
    }
    // Operators sign in with their local password; a name only the platform knows is no operator.
    if (result.outcome !== 'success') return this.page(res, 401, session.csrfToken, returnTo, username, 'admin.login.failed');
    // The password was right, so saying that the account lacks the role reveals nothing new.
    if (!result.user.is_admin) return this.page(res, 403, session.csrfToken, returnTo, username, 'admin.login.not_admin');
    await this.completion.complete(req, res, result.user, ['pwd'], returnTo, 'admin.console_login');
  }

  @Post('logout')
  async logout(@Req() req: HttpRequest, @Res() res: HttpReply): Promise<void> {
    const form = (req.body ?? {}) as Record<string, unknown>;
    await this.sessions.verifiedPost(req, form._csrf);
    const signedIn = await this.sessions.signedIn(req);
    await this.sessions.logOut(req, res);
    if (signedIn) {
      await this.audit.record({ actor: `admin:${signedIn.user.username}`, ip: clientIp(req) }, {
        action: 'admin.console_logout', targetType: 'user', targetId: signedIn.user.id,
      });
    }
    res.header('Cache-Control', 'no-store').redirect('/admin/login?signed_out=1', 302);
  }

  private page(res: HttpReply, status: number, csrf: string, returnTo: string, username = '', error?: LoginError): void {
    res.status(status).header('Cache-Control', 'no-store').view('admin/login', {
      titleKey: 'admin.login.title', csrf, returnTo, username, error,
    });
  }
}
