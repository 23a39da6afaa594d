import { Controller, HttpCode, Post, Query, Req, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { DomainError, ValidationError } from '@app/common';
import { IMPORT_MAX_BYTES, ImportRunner, ImportTooLargeError } from '@app/migration';
import type { AuditContext } from '@app/persistence';
import { ApiErrorView } from '@app/clients';
import { AdminAuthGuard } from '../auth/admin-auth.guard';
import { AdminAudit } from '../auth/admin-principal';
import { ApiErrors } from '../common/api-errors.decorator';
import { ImportQueryDto, ImportSummaryDto } from './admin-import.dto';

class ImportTooLarge extends DomainError {
  readonly status = 413;
  readonly code = 'payload_too_large';
}

const EXAMPLE = [
  '{"type":"user","user_id":"10001","username":"alice","password_hash":"$2y$10$…","display_name":"Alice"}',
  '{"type":"channel","client_id":"app_1","client_secret":"old-secret","client_name":"Shop","redirect_uris":["https://shop.example/cb"],"scope":"user_id_read profile","status":"approved"}',
  '{"type":"openid","user_id":"10001","client_id":"app_1","openid":"o6_bmjrPTlm6_2sgVt7hMZOPfL2M"}',
  '{"type":"grant","user_id":"10001","client_id":"app_1","scope":"user_id_read","refresh_token":"…","refresh_token_expires_at":null}',
].join('\n');

@ApiTags('Admin')
@ApiBearerAuth('bearer')
@ApiErrors(401, 403)
@UseGuards(AdminAuthGuard)
@Controller('api/admin/import')
export class AdminImportController {
  constructor(private readonly importer: ImportRunner) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Import users, channels, openids and grants (NDJSON, streamed)',
    description: 'One JSON object per line, `type` first: `user`, `channel`, `openid`, `grant` (docs/MIGRATION.md). '
      + 'Each line is written in full or not at all; a line with an error is listed and the others go on. Importing the same '
      + 'file again changes nothing (`unchanged`). One import at a time (409 while another runs, also from the command line). '
      + `The body is streamed, up to ${IMPORT_MAX_BYTES} bytes (413 beyond); larger files: \`npm run cli -- import --file F\`.`,
  })
  @ApiConsumes('application/x-ndjson')
  @ApiBody({ schema: { type: 'string', example: EXAMPLE } })
  @ApiOkResponse({ type: ImportSummaryDto, description: 'What was created, updated or unchanged, and the lines with errors' })
  @ApiErrors(400, 409)
  @ApiResponse({ status: 413, type: ApiErrorView, description: `The body is larger than ${IMPORT_MAX_BYTES} bytes` })
  async import(@Req() req: FastifyRequest, @Query() q: ImportQueryDto, @AdminAudit() ctx: AuditContext): Promise<ImportSummaryDto> {
    const type = String(req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    const body = req.body as AsyncIterable<Buffer> | undefined;
    if (type !== 'application/x-ndjson' || !body || typeof (body as { [Symbol.asyncIterator]?: unknown })[Symbol.asyncIterator] !== 'function') {
      throw new ValidationError('Content-Type', 'must be application/x-ndjson (one JSON object per line)');
    }
    try {
      return await this.importer.run(body, { dryRun: q.dry_run === 'true', audit: ctx, maxBytes: IMPORT_MAX_BYTES });
    } catch (err) {
      if (err instanceof ImportTooLargeError) throw new ImportTooLarge(err.message);
      throw err;
    }
  }
}
