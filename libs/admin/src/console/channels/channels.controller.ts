import { Controller, Get, Param, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { HttpReply, HttpRequest } from '@app/common';
import { ClientsService, ScopesService } from '@app/clients';
import type { ClientStatus } from '@app/persistence';
import { ConsoleAdmin, CurrentAdmin } from '../auth/console-admin';
import { ConsoleAdminGuard } from '../auth/console-admin.guard';
import { ConsoleErrorFilter } from '../auth/console-error.filter';
import { ConsolePages } from '../pages/console-pages';
import { PAGE_SIZE, pageNumber, pager, queryText } from '../pages/paging';
import { channelModel, channelRow, STATUSES } from './channel-view';

/** The pending queue, the list of channels and one channel's page. */
@ApiExcludeController()
@Controller('admin')
@UseGuards(ConsoleAdminGuard)
@UseFilters(ConsoleErrorFilter)
export class ChannelsController {
  constructor(private readonly pages: ConsolePages, private readonly clients: ClientsService, private readonly scopes: ScopesService) {}

  @Get('pending')
  async pending(@Req() req: HttpRequest, @Res() res: HttpReply, @CurrentAdmin() admin: ConsoleAdmin): Promise<void> {
    const page = pageNumber(queryText(req.query, 'page'));
    const [list, scopes] = await Promise.all([
      this.clients.list({ status: 'pending', limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE }),
      this.scopes.list(),
    ]);
    await this.pages.render(req, res, admin, 'pending', {
      titleKey: 'admin.pending.title',
      channels: list.items.map((c) => channelModel(c, scopes)),
      total: list.total,
      pager: pager('/admin/pending', {}, page, list.total),
    });
  }

  @Get('channels')
  async list(@Req() req: HttpRequest, @Res() res: HttpReply, @CurrentAdmin() admin: ConsoleAdmin): Promise<void> {
    const statusParam = queryText(req.query, 'status');
    const status = (STATUSES as readonly string[]).includes(statusParam) ? (statusParam as ClientStatus) : undefined;
    const q = queryText(req.query, 'q', 100);
    const page = pageNumber(queryText(req.query, 'page'));
    const list = await this.clients.list({ status, search: q || undefined, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
    await this.pages.render(req, res, admin, 'channels', {
      titleKey: 'admin.channels.title',
      channels: list.items.map(channelRow),
      total: list.total,
      q,
      statuses: STATUSES.map((s) => ({ value: s, selected: s === status })),
      pager: pager('/admin/channels', { status: status ?? '', q }, page, list.total),
    });
  }

  @Get('channels/:clientId')
  async show(@Req() req: HttpRequest, @Res() res: HttpReply, @CurrentAdmin() admin: ConsoleAdmin, @Param('clientId') clientId: string): Promise<void> {
    const [client, history, scopes] = await Promise.all([
      this.clients.get(clientId),
      this.clients.statusHistory(clientId),
      this.scopes.list(),
    ]);
    const newSecret = await this.pages.revealSecret(req, admin, clientId);
    await this.pages.render(req, res, admin, 'channel', {
      titleKey: 'admin.channel.title',
      channel: channelModel(client, scopes),
      history: [...history].reverse(),
      newSecret,
    });
  }
}
