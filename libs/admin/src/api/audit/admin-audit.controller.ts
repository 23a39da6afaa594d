import { Controller, Get, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuditLog } from '@app/persistence';
import { AdminAuthGuard } from '../auth/admin-auth.guard';
import { ApiErrors } from '../common/api-errors.decorator';
import { AuditPageDto, AuditQueryDto } from './admin-audit.dto';

@ApiTags('Admin')
@ApiBearerAuth('bearer')
@ApiErrors(400, 401, 403)
@UseGuards(AdminAuthGuard)
@Controller('api/admin/audit')
export class AdminAuditController {
  constructor(private readonly audit: AuditLog) {}

  @Get()
  @ApiOperation({ summary: 'The audit log', description: 'Who did what, when, why and from which address; newest first, filterable, paged with ?limit=&cursor=.' })
  @ApiOkResponse({ type: AuditPageDto, description: 'One page of events, newest first' })
  query(@Query() q: AuditQueryDto): Promise<AuditPageDto> {
    return this.audit.query({
      actor: q.actor,
      action: q.action,
      targetId: q.target_id,
      since: q.since ? new Date(q.since) : undefined,
      until: q.until ? new Date(q.until) : undefined,
      limit: q.limit,
      cursor: q.cursor,
    });
  }
}
