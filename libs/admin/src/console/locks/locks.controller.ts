import { Controller, Get, Param, Post, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { HttpReply, HttpRequest, NotFoundError } from '@app/common';
import { ConsoleAdmin, CurrentAdmin } from '../auth/console-admin';
import { ConsoleAdminGuard } from '../auth/console-admin.guard';
import { ConsoleErrorFilter } from '../auth/console-error.filter';
import { ConsoleActions } from '../pages/console-actions';
import { ConsolePages } from '../pages/console-pages';
import { OperatorLocks } from '../../locks/operator-locks';

/**
 * The throttling locks in force (issue 14, finding 3), with a form per lock that clears it
 * (CSRF-checked, audited, no JavaScript needed). A lock that ended meanwhile is reported, not an error page.
 */
@ApiExcludeController()
@Controller('admin/locks')
@UseGuards(ConsoleAdminGuard)
@UseFilters(ConsoleErrorFilter)
export class LocksController {
  constructor(private readonly pages: ConsolePages, private readonly actions: ConsoleActions, private readonly locks: OperatorLocks) {}

  @Get()
  async list(@Req() req: HttpRequest, @Res() res: HttpReply, @CurrentAdmin() admin: ConsoleAdmin): Promise<void> {
    const locks = (await this.locks.list()).map((l) => ({ ...l, kindKey: `admin.locks.kind.${l.kind.replace(/[:-]/g, '_')}` }));
    await this.pages.render(req, res, admin, 'locks', { titleKey: 'admin.locks.title', locks });
  }

  @Post(':id/clear')
  clear(@Req() req: HttpRequest, @Res() res: HttpReply, @CurrentAdmin() admin: ConsoleAdmin, @Param('id') id: string): Promise<void> {
    return this.actions.run(req, res, '/admin/locks', async () => {
      const lock = await this.locks.clear(id, admin.audit).catch((err: unknown) => {
        if (err instanceof NotFoundError) return null;
        throw err;
      });
      return lock
        ? { flash: { kind: 'success', key: 'admin.flash.lock_cleared', params: { name: lock.subject } } }
        : { flash: { kind: 'error', key: 'admin.flash.lock_gone' } };
    }, admin);
  }
}
