import { Body, Controller, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ClientLifecycle, ClientView } from '@app/clients';
import type { AuditContext } from '@app/persistence';
import { AdminAuthGuard } from '../auth/admin-auth.guard';
import { AdminAudit } from '../auth/admin-principal';
import { ApiErrors } from '../common/api-errors.decorator';
import { NoteDto, ReasonDto } from './admin-clients.dto';

/**
 * The channel lifecycle (PRODUCT.md): pending → approved | rejected; approved → suspended →
 * approved. Each answers 200 with the channel, or 409 naming the current state.
 */
@ApiTags('Admin')
@ApiBearerAuth('bearer')
@ApiErrors(400, 401, 403, 404, 409)
@ApiParam({ name: 'client_id', example: '5f0c2a9e8b7d4c1a2e3f4b5c' })
@UseGuards(AdminAuthGuard)
@Controller('api/admin/clients/:client_id')
export class AdminClientLifecycleController {
  constructor(private readonly lifecycle: ClientLifecycle) {}

  @Post('approve')
  @HttpCode(200)
  @ApiOperation({ summary: 'Approve a pending channel', description: 'From then on the channel may authorize users and get tokens. An optional note goes to the audit log and the status history.' })
  @ApiBody({ type: NoteDto, required: false })
  @ApiOkResponse({ type: ClientView, description: 'The channel, now approved' })
  approve(@Param('client_id') clientId: string, @Body() dto: NoteDto, @AdminAudit() ctx: AuditContext): Promise<ClientView> {
    return this.lifecycle.approve(clientId, dto.note, ctx);
  }

  @Post('reject')
  @HttpCode(200)
  @ApiOperation({ summary: 'Reject a pending channel (a reason is required)', description: 'The channel can never be used; the reason is shown in its status history and the audit log.' })
  @ApiOkResponse({ type: ClientView, description: 'The channel, now rejected' })
  reject(@Param('client_id') clientId: string, @Body() dto: ReasonDto, @AdminAudit() ctx: AuditContext): Promise<ClientView> {
    return this.lifecycle.reject(clientId, dto.reason, ctx);
  }

  @Post('suspend')
  @HttpCode(200)
  @ApiOperation({ summary: 'Suspend an approved channel', description: 'Revokes every token of the channel. A reason is required.' })
  @ApiOkResponse({ type: ClientView, description: 'The channel, now suspended' })
  suspend(@Param('client_id') clientId: string, @Body() dto: ReasonDto, @AdminAudit() ctx: AuditContext): Promise<ClientView> {
    return this.lifecycle.suspend(clientId, dto.reason, ctx);
  }

  @Post('reactivate')
  @HttpCode(200)
  @ApiOperation({ summary: 'Reactivate a suspended channel', description: 'The channel is approved again; tokens revoked by the suspension stay revoked.' })
  @ApiBody({ type: NoteDto, required: false })
  @ApiOkResponse({ type: ClientView, description: 'The channel, approved again' })
  reactivate(@Param('client_id') clientId: string, @Body() dto: NoteDto, @AdminAudit() ctx: AuditContext): Promise<ClientView> {
    return this.lifecycle.reactivate(clientId, dto.note, ctx);
  }
}
