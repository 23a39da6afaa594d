import { Controller, Post, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { HttpReply, HttpRequest } from '@app/common';
import { FloodCeilingGuard } from '@app/persistence';
import { BrowserErrorFilter } from '../../http/browser-error.filter';
import { PasskeySignIn } from './passkey-sign-in';

/** Signing in with a passkey instead of a password (JSON posts from /login's script). */
@ApiExcludeController()
@Controller('login/passkey')
@UseFilters(BrowserErrorFilter)
export class PasskeySignInController {
  constructor(private readonly signIn: PasskeySignIn) {}

  @Post('options')
  @UseGuards(FloodCeilingGuard)
  options(@Req() req: HttpRequest, @Res() res: HttpReply): Promise<void> {
    return this.signIn.options(req, res);
  }

  @Post()
  @UseGuards(FloodCeilingGuard)
  verify(@Req() req: HttpRequest, @Res() res: HttpReply): Promise<void> {
    return this.signIn.verify(req, res);
  }
}
