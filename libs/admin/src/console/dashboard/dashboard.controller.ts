import { Controller, Get, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { HttpReply, HttpRequest } from '@app/common';
import { UsersService } from '@app/accounts';
import { ClientsService } from '@app/clients';
import { TokenStatistics } from '@app/tokens';
import { AuditLog } from '@app/persistence';
import { ConsoleAdmin, CurrentAdmin } from '../auth/console-admin';
import { ConsoleAdminGuard } from '../auth/console-admin.guard';
import { ConsoleErrorFilter } from '../auth/console-error.filter';
import { ConsolePages } from '../pages/console-pages';

const DAY_MS = 24 * 3600 * 1000;

/** The console's first page: what waits for the operator and what happened lately. */
@ApiExcludeController()
@Controller('admin')
@UseGuards(ConsoleAdminGuard)
@UseFilters(ConsoleErrorFilter)
export class DashboardController {
  constructor(
    private readonly pages: ConsolePages,
    private readonly clients: ClientsService,
    private readonly users: UsersService,
    private readonly tokens: TokenStatistics,
    private readonly audit: AuditLog,
  ) {}

  @Get()
  async show(@Req() req: HttpRequest, @Res() res: HttpReply, @CurrentAdmin() admin: ConsoleAdmin): Promise<void> {
    const [counts, users, tokens, pending, recent] = await Promise.all([
      this.clients.countByStatus(),
      this.users.count(),
      this.tokens.accessTokensIssuedSince(new Date(Date.now() - DAY_MS)),
      this.clients.list({ status: 'pending', limit: 5 }),
      this.audit.query({ limit: 10 }),
    ]);
    await this.pages.render(req, res, admin, 'dashboard', {
      titleKey: 'admin.dashboard.title',
      stats: { pending: counts.pending, approved: counts.approved, suspended: counts.suspended, users, tokens },
      pending: pending.items,
      morePending: pending.total > pending.items.length,
      events: recent.items,
    });
  }
}
