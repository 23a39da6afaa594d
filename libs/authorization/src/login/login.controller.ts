import { Controller, Get, Post, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { BrowserErrorFilter } from '../http/browser-error.filter';
import { LoginFlow } from './login-flow';
import { LoginResume } from './login-resume';
import type { HttpReply, HttpRequest } from '@app/common';
import { FloodCeilingGuard } from '@app/persistence';

/** The login page, its form post and logout (PRODUCT.md "Standard endpoints"). */
@ApiExcludeController()
@Controller()
@UseFilters(BrowserErrorFilter)
export class LoginController {
  constructor(private readonly login: LoginFlow, private readonly resumption: LoginResume) {}

  @Get('login')
  show(@Req() req: HttpRequest, @Res() res: HttpReply): Promise<void> {
    return this.login.show(req, res);
  }

  /** LOGIN_MODE=provider: the platform sends the browser here after accepting or rejecting. */
  @Get('login/resume')
  resume(@Req() req: HttpRequest, @Res() res: HttpReply): Promise<void> {
    return this.resumption.resume(req, res);
  }

  @Post('login')
  @UseGuards(FloodCeilingGuard)
  submit(@Req() req: HttpRequest, @Res() res: HttpReply): Promise<void> {
    return this.login.submit(req, res);
  }

  @Post('logout')
  logout(@Req() req: HttpRequest, @Res() res: HttpReply): Promise<void> {
    return this.login.logout(req, res);
  }
}
