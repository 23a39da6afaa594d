import { Controller, Get, Post, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { HttpReply, HttpRequest } from '@app/common';
import { FloodCeilingGuard } from '@app/persistence';
import { BrowserErrorFilter } from '../../http/browser-error.filter';
import { SecondFactorFlow } from './second-factor-flow';
import { PasskeySecondFactor } from './passkey-second-factor';

/** The second step of signing in (PRODUCT.md "Two-factor sign-in"). */
@ApiExcludeController()
@Controller('login/mfa')
@UseFilters(BrowserErrorFilter)
export class SecondFactorController {
  constructor(private readonly flow: SecondFactorFlow, private readonly passkey: PasskeySecondFactor) {}

  @Get()
  show(@Req() req: HttpRequest, @Res() res: HttpReply): Promise<void> {
    return this.flow.show(req, res);
  }

  @Post()
  @UseGuards(FloodCeilingGuard)
  submit(@Req() req: HttpRequest, @Res() res: HttpReply): Promise<void> {
    return this.flow.submit(req, res);
  }

  /** JSON: a challenge for the pending user's passkeys. */
  @Post('passkey/options')
  @UseGuards(FloodCeilingGuard)
  passkeyOptions(@Req() req: HttpRequest, @Res() res: HttpReply): Promise<void> {
    return this.passkey.options(req, res);
  }

  /** JSON: the passkey's answer; on success `{redirect}`. */
  @Post('passkey')
  @UseGuards(FloodCeilingGuard)
  passkeyVerify(@Req() req: HttpRequest, @Res() res: HttpReply): Promise<void> {
    return this.passkey.verify(req, res);
  }
}
