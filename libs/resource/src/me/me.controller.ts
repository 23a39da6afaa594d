import { Controller, Get, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { API_TAGS, ApiAccessTokenAuth, ApiBearerErrors, HttpReply, noStore, OAuthJsonFilter } from '@app/common';
import type { ValidatedAccessToken } from '@app/tokens';
import { BearerGuard, CurrentAccessToken } from '../bearer/bearer.guard';
import { MeService } from './me.service';
import { MeView } from './me.view';

/** RFC 6750 protected resource: the Authorization header only (#38), RFC 6750 §3 errors. */
@ApiTags(API_TAGS.resource)
@ApiAccessTokenAuth()
@Controller('api/v1')
@UseGuards(BearerGuard)
@UseFilters(OAuthJsonFilter)
export class MeController {
  constructor(private readonly me: MeService) {}

  @Get('me')
  @ApiOperation({
    summary: 'The user who granted the access token, as its scopes allow',
    description: 'The first call a channel makes with a user\'s token: user_id with scope user_id_read, username and '
      + 'display_name with profile, and always the pairwise openid. A client_credentials token has no user (403).',
  })
  @ApiOkResponse({ type: MeView, description: 'The user, as the scopes allow' })
  @ApiBearerErrors()
  async get(@CurrentAccessToken() token: ValidatedAccessToken, @Res({ passthrough: true }) res: HttpReply): Promise<MeView> {
    noStore(res);
    return this.me.describe(token);
  }
}
