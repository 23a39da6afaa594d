import { Controller, Param, Post, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { HttpReply, HttpRequest } from '@app/common';
import { ClientLifecycle, ClientsService } from '@app/clients';
import { ConsoleAdmin, CurrentAdmin } from '../auth/console-admin';
import { ConsoleAdminGuard } from '../auth/console-admin.guard';
import { ConsoleErrorFilter } from '../auth/console-error.filter';
import { confirmed, ConsoleActions, reason, text } from '../pages/console-actions';
import { ConsolePages } from '../pages/console-pages';
import { channelPatch } from './channel-edit';

/**
 * A channel's state changes from the console, through ClientLifecycle and ClientsService (which
 * audit them as `admin:<username>`). Reject, suspend and secret rotation cannot be undone and
 * need the confirmation box; reject and suspend need a reason.
 */
@ApiExcludeController()
@Controller('admin/channels/:clientId')
@UseGuards(ConsoleAdminGuard)
@UseFilters(ConsoleErrorFilter)
export class ChannelActionsController {
  constructor(
    private readonly actions: ConsoleActions,
    private readonly pages: ConsolePages,
    private readonly lifecycle: ClientLifecycle,
    private readonly clients: ClientsService,
  ) {}

  @Post('approve')
  approve(@Req() req: HttpRequest, @Res() res: HttpReply, @CurrentAdmin() admin: ConsoleAdmin, @Param('clientId') id: string): Promise<void> {
    return this.actions.run(req, res, back(req, id), async (form) => {
      const c = await this.lifecycle.approve(id, text(form, 'note', 500) || undefined, admin.audit);
      return { flash: { kind: 'success', key: 'admin.flash.approved', params: { name: c.client_name } } };
    }, admin);
  }

  @Post('reject')
  reject(@Req() req: HttpRequest, @Res() res: HttpReply, @CurrentAdmin() admin: ConsoleAdmin, @Param('clientId') id: string): Promise<void> {
    return this.actions.run(req, res, back(req, id), async (form) => {
      const why = reason(form);
      confirmed(form);
      const c = await this.lifecycle.reject(id, why, admin.audit);
      return { flash: { kind: 'success', key: 'admin.flash.rejected', params: { name: c.client_name } } };
    }, admin);
  }

  @Post('suspend')
  suspend(@Req() req: HttpRequest, @Res() res: HttpReply, @CurrentAdmin() admin: ConsoleAdmin, @Param('clientId') id: string): Promise<void> {
    return this.actions.run(req, res, channelPath(id), async (form) => {
      const why = reason(form);
      confirmed(form);
      const c = await this.lifecycle.suspend(id, why, admin.audit);
      return { flash: { kind: 'success', key: 'admin.flash.suspended', params: { name: c.client_name } } };
    }, admin);
  }

  @Post('reactivate')
  reactivate(@Req() req: HttpRequest, @Res() res: HttpReply, @CurrentAdmin() admin: ConsoleAdmin, @Param('clientId') id: string): Promise<void> {
    return this.actions.run(req, res, channelPath(id), async (form) => {
      const c = await this.lifecycle.reactivate(id, text(form, 'note', 500) || undefined, admin.audit);
      return { flash: { kind: 'success', key: 'admin.flash.reactivated', params: { name: c.client_name } } };
    }, admin);
  }

  @Post('secret')
  rotate(@Req() req: HttpRequest, @Res() res: HttpReply, @CurrentAdmin() admin: ConsoleAdmin, @Param('clientId') id: string): Promise<void> {
    return this.actions.run(req, res, channelPath(id), async (form) => {
      confirmed(form);
      const rotated = await this.clients.rotateSecret(id, admin.audit);
      if (rotated.clientSecret) await this.pages.holdSecret(req, admin, id, rotated.clientSecret);
      return { flash: { kind: 'success', key: 'admin.flash.rotated', params: { name: rotated.client.client_name } } };
    }, admin);
  }

  @Post('edit')
  edit(@Req() req: HttpRequest, @Res() res: HttpReply, @CurrentAdmin() admin: ConsoleAdmin, @Param('clientId') id: string): Promise<void> {
    return this.actions.run(req, res, channelPath(id), async (form) => {
      const c = await this.clients.update(id, channelPatch(form), admin.audit);
      return { flash: { kind: 'success', key: 'admin.flash.updated', params: { name: c.client_name } } };
    }, admin);
  }
}

function channelPath(id: string): string {
  return `/admin/channels/${encodeURIComponent(id)}`;
}

/** Approve and reject are offered on the pending queue and on the channel page; go back to the one used. */
function back(req: HttpRequest, id: string): string {
  const from = (req.body as Record<string, unknown> | undefined)?.from;
  return from === 'pending' ? '/admin/pending' : channelPath(id);
}
