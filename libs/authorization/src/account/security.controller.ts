import { Controller, Get, Post, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { HttpReply, HttpRequest } from '@app/common';
import { loginUrl } from '../authorize/return-url';
import { BrowserErrorFilter } from '../http/browser-error.filter';
import { BrowserSessions, SignedIn } from '../sessions/browser-sessions.service';
import { SecurityPage, SecurityPageSite } from './security-page';
import { SecurityPasskeys } from './security-passkeys';

const SITE: SecurityPageSite = { path: '/account/security', view: 'account-security', actor: (user) => `user:${user.id}` };

/** The signed-in user's two-step verification (PRODUCT.md "Two-factor sign-in"). */
@ApiExcludeController()
@Controller('account/security')
@UseFilters(BrowserErrorFilter)
export class SecurityController {
  constructor(private readonly page: SecurityPage, private readonly sessions: BrowserSessions, private readonly passkeys: SecurityPasskeys) {}

  @Get()
  async show(@Req() req: HttpRequest, @Res() res: HttpReply): Promise<void> {
    const signedIn = await this.signedIn(req, res);
    if (signedIn) await this.page.show(res, SITE, signedIn.user, signedIn.session);
  }

  @Post('confirm')
  async confirm(@Req() req: HttpRequest, @Res() res: HttpReply): Promise<void> {
    const form = (req.body ?? {}) as Record<string, unknown>;
    const session = await this.sessions.verifiedPost(req, form._csrf);
    const signedIn = await this.signedIn(req, res);
    if (signedIn) await this.page.confirm(req, res, SITE, signedIn.user, session, form.code);
  }

  @Post('remove')
  async remove(@Req() req: HttpRequest, @Res() res: HttpReply): Promise<void> {
    const form = (req.body ?? {}) as Record<string, unknown>;
    const session = await this.sessions.verifiedPost(req, form._csrf);
    const signedIn = await this.signedIn(req, res);
    if (signedIn) await this.page.remove(req, res, SITE, signedIn.user, session, form.code);
  }

  /** JSON: a registration challenge for a new passkey (CSRF token in X-CSRF-Token). */
  @Post('passkeys/options')
  async passkeyOptions(@Req() req: HttpRequest, @Res() res: HttpReply): Promise<void> {
    const signedIn = await this.signedIn(req, res);
    if (signedIn) await this.passkeys.options(req, res, signedIn.user);
  }

  /** JSON: the browser's new credential, checked and stored. */
  @Post('passkeys')
  async passkeyRegister(@Req() req: HttpRequest, @Res() res: HttpReply): Promise<void> {
    const signedIn = await this.signedIn(req, res);
    if (signedIn) await this.passkeys.register(req, res, SITE, signedIn.user);
  }

  @Post('passkeys/remove')
  async passkeyRemove(@Req() req: HttpRequest, @Res() res: HttpReply): Promise<void> {
    const form = (req.body ?? {}) as Record<string, unknown>;
    const session = await this.sessions.verifiedPost(req, form._csrf);
    const signedIn = await this.signedIn(req, res);
    if (signedIn) await this.passkeys.remove(req, res, SITE, signedIn.user, session, form.id);
  }

  private async signedIn(req: HttpRequest, res: HttpReply): Promise<SignedIn | null> {
    const signedIn = await this.sessions.signedIn(req);
    if (!signedIn) res.redirect(loginUrl(SITE.path), 302);
    return signedIn;
  }
}
