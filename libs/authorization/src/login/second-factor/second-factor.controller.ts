import { Controller, Get, Post, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { HttpReply, HttpRequest } from '@app/common';
import { FloodCeilingGuard } from '@app/persistence';
import { BrowserErrorFilter } from '../../http/browser-error.filter';
import { SecondFactorFlow } from './second-factor-flow';

/** The second step of signing in (PRODUCT.md "Two-factor sign-in"). */
@ApiExcludeController()
@Controller('login/mfa')
@UseFilters(BrowserErrorFilter)
export class SecondFactorController {
  constructor(private readonly flow: SecondFactorFlow) {}

  @Get()
  show(@Req() req: HttpRequest, @Res() res: HttpReply): Promise<void> {
    return this.flow.show(req, res);
  }

  @Post()
  @UseGuards(FloodCeilingGuard)
  submit(@Req() req: HttpRequest, @Res() res: HttpReply): Promise<void> {
    return this.flow.submit(req, res);
  }
}
