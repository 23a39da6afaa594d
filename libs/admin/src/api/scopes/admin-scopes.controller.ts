import { Body, Controller, Get, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ScopesService } from '@app/clients';
import type { AuditContext } from '@app/persistence';
import { AdminAuthGuard } from '../auth/admin-auth.guard';
import { AdminAudit } from '../auth/admin-principal';
import { ApiErrors } from '../common/api-errors.decorator';
import { CreateScopeDto, ScopeDto, ScopeListView } from './admin-scopes.dto';

@ApiTags('Admin')
@ApiBearerAuth('bearer')
@ApiErrors(401, 403)
@UseGuards(AdminAuthGuard)
@Controller('api/admin/scopes')
export class AdminScopesController {
  constructor(private readonly scopes: ScopesService) {}

  @Get()
  @ApiOperation({ summary: 'The scopes channels may ask for', description: 'Every scope with the descriptions the consent page shows.' })
  @ApiOkResponse({ type: ScopeListView, description: 'Every scope, by name' })
  async list(): Promise<ScopeListView> {
    return { items: await this.scopes.list() };
  }

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'Define a new scope', description: 'Channels may then register for it and users see its description on the consent page.' })
  @ApiCreatedResponse({ type: ScopeDto, description: 'The new scope' })
  @ApiErrors(400, 409)
  create(@Body() dto: CreateScopeDto, @AdminAudit() ctx: AuditContext): Promise<ScopeDto> {
    return this.scopes.create({ name: dto.name, description: dto.description, description_zh: dto.description_zh ?? null, user_bound: dto.user_bound }, ctx);
  }
}
