import { Controller, Get, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { HttpReply, HttpRequest } from '@app/common';
import { AuditLog } from '@app/persistence';
import { ConsoleAdmin, CurrentAdmin } from '../auth/console-admin';
import { ConsoleAdminGuard } from '../auth/console-admin.guard';
import { ConsoleErrorFilter } from '../auth/console-error.filter';
import { ConsolePages } from '../pages/console-pages';
import { withoutEmpty } from '../pages/paging';
import { auditQuery } from './audit-filters';

/** The audit log, newest first, filtered by actor, action, target and dates, paged by cursor. */
@ApiExcludeController()
@Controller('admin/audit')
@UseGuards(ConsoleAdminGuard)
@UseFilters(ConsoleErrorFilter)
export class AuditController {
  constructor(private readonly pages: ConsolePages, private readonly audit: AuditLog) {}

  @Get()
  async list(@Req() req: HttpRequest, @Res() res: HttpReply, @CurrentAdmin() admin: ConsoleAdmin): Promise<void> {
    const { filters, query, invalid } = auditQuery(req.query);
    const page = await this.audit.query(query);
    const keep = withoutEmpty({ ...filters });
    await this.pages.render(req, res, admin, 'audit', {
      titleKey: 'admin.audit.title',
      filters,
      invalid: invalid.join(', '),
      events: page.items.map((e) => ({ ...e, detailsText: e.details ? JSON.stringify(e.details) : '' })),
      next: page.next_cursor ? `/admin/audit?${new URLSearchParams({ ...keep, cursor: page.next_cursor }).toString()}` : null,
      first: query.cursor !== undefined ? `/admin/audit?${new URLSearchParams(keep).toString()}` : null,
    });
  }
}
