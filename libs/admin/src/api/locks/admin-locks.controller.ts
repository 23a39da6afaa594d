import { Controller, Delete, Get, Param, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { AuditContext } from '@app/persistence';
import { AdminAuthGuard } from '../auth/admin-auth.guard';
import { AdminAudit } from '../auth/admin-principal';
import { ApiErrors } from '../common/api-errors.decorator';
import { LockView, OperatorLocks } from '../../locks/operator-locks';

/** Throttling locks in force (issue 14, finding 3): see them and clear one (audited as lock.cleared). */
@ApiTags('Admin')
@ApiBearerAuth('bearer')
@ApiErrors(401, 403)
@UseGuards(AdminAuthGuard)
@Controller('api/admin/locks')
export class AdminLocksController {
  constructor(private readonly locks: OperatorLocks) {}

  @Get()
  @ApiOperation({
    summary: 'List the locks in force',
    description: 'Login locks (per account for untrusted sources, per address, per device cookie, per trusted address) and '
      + 'client authentication locks (per channel and address, per address); at most 1000, the longest-lasting first.',
  })
  @ApiOkResponse({ type: LockView, isArray: true })
  list(): Promise<LockView[]> {
    return this.locks.list();
  }

  @Delete(':id')
  @ApiOperation({ summary: 'Clear a lock (audited)', description: 'Ends the lock and resets its failure counter; answers with the lock that was cleared.' })
  @ApiParam({ name: 'id', description: 'The `id` from GET /api/admin/locks' })
  @ApiOkResponse({ type: LockView })
  @ApiErrors(404)
  clear(@Param('id') id: string, @AdminAudit() ctx: AuditContext): Promise<LockView> {
    return this.locks.clear(id, ctx);
  }
}
