import { Controller, Get, Post, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { BrowserErrorFilter } from '../http/browser-error.filter';
import { AccountGrants } from './account-grants';

/** The signed-in user's granted applications, and revoking one. */
@ApiExcludeController()
@Controller('account/grants')
@UseFilters(BrowserErrorFilter)
export class AccountGrantsController {
  constructor(private readonly grants: AccountGrants) {}

  @Get()
  show(@Req() req: Request, @Res() res: Response): Promise<void> {
    return this.grants.show(req, res);
  }

  @Post('revoke')
  revoke(@Req() req: Request, @Res() res: Response): Promise<void> {
    return this.grants.revoke(req, res);
  }
}
