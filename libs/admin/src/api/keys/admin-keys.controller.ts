import { Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuditContext } from '@app/persistence';
import { RotatedKeys, SigningKeys } from '@app/tokens';
import { AdminAuthGuard } from '../auth/admin-auth.guard';
import { AdminAudit } from '../auth/admin-principal';
import { ApiErrors } from '../common/api-errors.decorator';
import { RotatedKeysView } from './admin-keys.dto';

/** Signing key rotation (issue 9): a new key signs from now on; the old one stays in the JWKS until its tokens expire. */
@ApiTags('Admin')
@ApiBearerAuth('bearer')
@ApiErrors(401, 403)
@UseGuards(AdminAuthGuard)
@Controller('api/admin/keys')
export class AdminKeysController {
  constructor(private readonly keys: SigningKeys) {}

  @Post('rotate')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Rotate the ID token / JWT access token signing key (audited)',
    description: 'A new key signs from now on; the old one stays in the JWKS until the longest token it signed has expired.',
  })
  @ApiOkResponse({ type: RotatedKeysView, description: 'The new key and the retired ones' })
  rotate(@AdminAudit() ctx: AuditContext): Promise<RotatedKeys> {
    return this.keys.rotate(ctx);
  }
}
