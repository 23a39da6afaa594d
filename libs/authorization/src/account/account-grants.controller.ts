import { Controller, Get, Post, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { BrowserErrorFilter } from '../http/browser-error.filter';
import { AccountGrants } from './account-grants';
import type { HttpReply, HttpRequest } from '@app/common';

/** The signed-in user's granted applications, and revoking one. */
@ApiExcludeController()
@Controller('account/grants')
@UseFilters(BrowserErrorFilter)
export class AccountGrantsController {
  constructor(private readonly grants: AccountGrants) {}

  @Get()
  show(@Req() req: HttpRequest, @Res() res: HttpReply): Promise<void> {
    return this.grants.show(req, res);
  }

  @Post('revoke')
  revoke(@Req() req: HttpRequest, @Res() res: HttpReply): Promise<void> {
    return this.grants.revoke(req, res);
  }
}
