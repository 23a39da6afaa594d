import { Controller, Get, Post, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { HttpReply, HttpRequest } from '@app/common';
import { BrowserSessions, SecurityPage, SecurityPageSite, SecurityPasskeys } from '@app/authorization';
import { ConsoleAdmin, CurrentAdmin } from '../auth/console-admin';
import { ConsoleAdminGuard } from '../auth/console-admin.guard';
import { ConsoleErrorFilter } from '../auth/console-error.filter';

const SITE: SecurityPageSite = {
  path: '/admin/security',
  view: 'admin/security',
  actor: (user) => `admin:${user.username}`,
  chrome: (user) => ({ admin: { username: user.username, name: user.display_name ?? user.username }, nav: { security: true } }),
};

/**
 * The operator's own two-step verification. With ADMIN_MFA=required this is the one console page
 * an operator without a second factor may open (ConsoleAdminGuard sends them here).
 */
@ApiExcludeController()
@Controller('admin/security')
@UseGuards(ConsoleAdminGuard)
@UseFilters(ConsoleErrorFilter)
export class ConsoleSecurityController {
  constructor(private readonly page: SecurityPage, private readonly sessions: BrowserSessions, private readonly passkeys: SecurityPasskeys) {}

  @Get()
  show(@Res() res: HttpReply, @CurrentAdmin() admin: ConsoleAdmin): Promise<void> {
    return this.page.show(res, SITE, admin.user, admin.session);
  }

  @Post('confirm')
  async confirm(@Req() req: HttpRequest, @Res() res: HttpReply, @CurrentAdmin() admin: ConsoleAdmin): Promise<void> {
    const form = (req.body ?? {}) as Record<string, unknown>;
    const session = await this.sessions.verifiedPost(req, form._csrf);
    await this.page.confirm(req, res, SITE, admin.user, session, form.code);
  }

  @Post('remove')
  async remove(@Req() req: HttpRequest, @Res() res: HttpReply, @CurrentAdmin() admin: ConsoleAdmin): Promise<void> {
    const form = (req.body ?? {}) as Record<string, unknown>;
    const session = await this.sessions.verifiedPost(req, form._csrf);
    await this.page.remove(req, res, SITE, admin.user, session, form.code);
  }

  /** JSON: a registration challenge for a new passkey (CSRF token in X-CSRF-Token). */
  @Post('passkeys/options')
  passkeyOptions(@Req() req: HttpRequest, @Res() res: HttpReply, @CurrentAdmin() admin: ConsoleAdmin): Promise<void> {
    return this.passkeys.options(req, res, admin.user);
  }

  /** JSON: the browser's new credential, checked and stored. */
  @Post('passkeys')
  passkeyRegister(@Req() req: HttpRequest, @Res() res: HttpReply, @CurrentAdmin() admin: ConsoleAdmin): Promise<void> {
    return this.passkeys.register(req, res, SITE, admin.user);
  }

  @Post('passkeys/remove')
  async passkeyRemove(@Req() req: HttpRequest, @Res() res: HttpReply, @CurrentAdmin() admin: ConsoleAdmin): Promise<void> {
    const form = (req.body ?? {}) as Record<string, unknown>;
    const session = await this.sessions.verifiedPost(req, form._csrf);
    await this.passkeys.remove(req, res, SITE, admin.user, session, form.id);
  }
}
