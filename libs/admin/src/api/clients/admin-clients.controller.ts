import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { HttpReply, noStore } from '@app/common';
import { ClientsService, ClientView } from '@app/clients';
import type { AuditContext } from '@app/persistence';
import { AdminAuthGuard } from '../auth/admin-auth.guard';
import { AdminAudit } from '../auth/admin-principal';
import { ApiErrors } from '../common/api-errors.decorator';
import { pageOf } from '../common/page-query.dto';
import { ClientDetailView, ClientPageView, ListClientsQueryDto, RotatedSecretView } from './admin-clients.dto';
import { UpdateClientDto } from './update-client.dto';

/** Channels for operators: the queue, details with status history, edits and secret rotation. */
@ApiTags('Admin')
@ApiBearerAuth('bearer')
@ApiErrors(401, 403)
@UseGuards(AdminAuthGuard)
@Controller('api/admin/clients')
export class AdminClientsController {
  constructor(private readonly clients: ClientsService) {}

  @Get()
  @ApiOperation({ summary: 'List channels', description: 'Newest first; filter by status (e.g. the pending queue) or search by name / client_id.' })
  @ApiOkResponse({ type: ClientPageView, description: 'One page of channels and the total' })
  @ApiErrors(400)
  async list(@Query() q: ListClientsQueryDto): Promise<ClientPageView> {
    const page = pageOf(q);
    const { items, total } = await this.clients.list({ status: q.status, search: q.search, ...page });
    return { items, total, ...page };
  }

  @Get(':client_id')
  @ApiOperation({ summary: 'A channel with its status history', description: 'Everything about one channel (never its secret) and each status change with who made it, when and why.' })
  @ApiParam({ name: 'client_id', example: '5f0c2a9e8b7d4c1a2e3f4b5c' })
  @ApiOkResponse({ type: ClientDetailView, description: 'The channel (never its secret) and its status history' })
  @ApiErrors(404)
  async get(@Param('client_id') clientId: string): Promise<ClientDetailView> {
    const client = await this.clients.get(clientId);
    return Object.assign(new ClientDetailView(), client, { status_history: await this.clients.statusHistory(clientId) });
  }

  @Patch(':client_id')
  @ApiOperation({ summary: 'Edit a channel', description: 'Redirect URIs, scopes, token lifetimes, PKCE, token format, the seed 003 public key, name, description …' })
  @ApiParam({ name: 'client_id', example: '5f0c2a9e8b7d4c1a2e3f4b5c' })
  @ApiOkResponse({ type: ClientView, description: 'The channel after the edit' })
  @ApiErrors(400, 404)
  update(@Param('client_id') clientId: string, @Body() dto: UpdateClientDto, @AdminAudit() ctx: AuditContext): Promise<ClientView> {
    return this.clients.update(clientId, dto, ctx);
  }

  @Post(':client_id/secret')
  @HttpCode(200)
  @ApiOperation({ summary: 'Rotate the client secret', description: 'The new secret is in the response (no-store) and nowhere else; the old one stops working at once.' })
  @ApiParam({ name: 'client_id', example: '5f0c2a9e8b7d4c1a2e3f4b5c' })
  @ApiOkResponse({ type: RotatedSecretView, description: 'The channel and its new secret. Cache-Control: no-store.' })
  @ApiErrors(400, 404)
  async rotateSecret(@Param('client_id') clientId: string, @AdminAudit() ctx: AuditContext, @Res({ passthrough: true }) res: HttpReply): Promise<RotatedSecretView> {
    const rotated = await this.clients.rotateSecret(clientId, ctx);
    noStore(res);
    return Object.assign(new RotatedSecretView(), rotated.client, { client_secret: rotated.clientSecret as string });
  }
}
