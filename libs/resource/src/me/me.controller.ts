import { Controller, Get, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { HttpReply, noStore, OAuthJsonFilter } from '@app/common';
import type { ValidatedAccessToken } from '@app/tokens';
import { BearerGuard, CurrentAccessToken } from '../bearer/bearer.guard';
import { MeService } from './me.service';
import { MeView } from './me.view';

/** RFC 6750 protected resource: the Authorization header only (#38), RFC 6750 §3 errors. */
@ApiTags('Resource')
@ApiBearerAuth('bearer')
@Controller('api/v1')
@UseGuards(BearerGuard)
@UseFilters(OAuthJsonFilter)
export class MeController {
  constructor(private readonly me: MeService) {}

  @Get('me')
  @ApiOperation({ summary: 'The user who granted the access token, as its scopes allow' })
  @ApiOkResponse({ type: MeView })
  @ApiUnauthorizedResponse({ description: 'invalid_token: missing, invalid, expired or revoked token (WWW-Authenticate: Bearer)' })
  @ApiForbiddenResponse({ description: 'insufficient_scope: the token has neither user_id_read nor profile, or no user' })
  async get(@CurrentAccessToken() token: ValidatedAccessToken, @Res({ passthrough: true }) res: HttpReply): Promise<MeView> {
    noStore(res);
    return this.me.describe(token);
  }
}
