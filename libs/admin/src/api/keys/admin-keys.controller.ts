import { Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuditContext } from '@app/persistence';
import { RotatedKeys, SigningKeys } from '@app/tokens';
import { AdminAuthGuard } from '../auth/admin-auth.guard';
import { AdminAudit } from '../auth/admin-principal';
import { ApiErrors } from '../common/api-errors.decorator';
import { RotatedKeysView } from './admin-keys.dto';

/**
 * Signing key rotation (issues 9, 15): the new key is published at once and signs from
 * `activates_at` (ten minutes later, longer than verifiers cache the JWKS); the old one signs
 * until then and stays in the JWKS until its tokens expire.
 */
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
    description: 'Publishes a new key now; it signs from activates_at on (after the JWKS cache lifetime, so no verifier misses it). 409 while a rotation is already under way.',
  })
  @ApiOkResponse({ type: RotatedKeysView, description: 'The new key, when it starts signing, and the keys it replaces' })
  @ApiErrors(409)
  rotate(@AdminAudit() ctx: AuditContext): Promise<RotatedKeys> {
    return this.keys.rotate(ctx);
  }
}
