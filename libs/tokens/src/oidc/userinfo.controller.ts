import { Controller, Get, HttpCode, Options, Post, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeEndpoint, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { API_TAGS, ApiAccessTokenAuth, ApiBearerErrors, HttpReply, HttpRequest, InvalidTokenError, noStore, OAuthJsonFilter } from '@app/common';
import { ClientRegistry } from '@app/clients';
import { BrowserCors } from '../http/browser-cors';
import { AccessTokenValidator } from '../validation/access-token-validator';
import { UserInfo, UserInfoService, withChallenge } from './userinfo.service';

/** RFC 6750 §2.1: credentials = "Bearer" 1*SP b64token. */
const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*)$/i;

/**
 * OIDC Core §5.3 UserInfo endpoint, GET and POST. Bearer in the Authorization header only
 * (a token in the query string is ignored, OAuth 2.1 §5.2); opaque and JWT access tokens alike,
 * validated (revocation, expiry, audience) by AccessTokenValidator. RFC 6750 errors. CORS for
 * the origins of the token's client (BrowserCors).
 */
/** OpenID Connect Core §5.3.2 UserInfo response. */
class UserInfoView {
  @ApiProperty({ description: 'The pairwise subject, the same as the ID token\'s', example: 'Yx3c0mZ2vQ1m8hC4kq9JwEaT5rN7uLbS' }) sub: string;
  @ApiPropertyOptional({ description: 'Only with scope profile', example: 'alice' }) preferred_username?: string;
  @ApiPropertyOptional({ description: 'Only with scope profile (and a display name)', example: 'Alice Liu' }) name?: string;
}

@ApiTags(API_TAGS.resource)
@ApiAccessTokenAuth()
@ApiBearerErrors()
@Controller('oauth2')
@UseFilters(OAuthJsonFilter)
export class UserInfoController {
  constructor(
    private readonly validator: AccessTokenValidator,
    private readonly userinfo: UserInfoService,
    private readonly clients: ClientRegistry,
    private readonly cors: BrowserCors,
  ) {}

  @Options('userinfo')
  @HttpCode(204)
  @ApiExcludeEndpoint()
  preflight(@Req() req: HttpRequest, @Res({ passthrough: true }) res: HttpReply): Promise<void> {
    return this.cors.preflight(req, res, ['GET', 'POST']);
  }

  @Get('userinfo')
  @ApiOperation({
    summary: 'UserInfo (OpenID Connect Core §5.3)',
    description: 'The claims about the signed-in user for an access token granted with the openid scope; profile adds the '
      + 'name claims. Tokens without a user (client_credentials) or without openid are refused.',
  })
  @ApiOkResponse({ type: UserInfoView, description: 'The claims the token\'s scopes allow' })
  get(@Req() req: HttpRequest, @Res({ passthrough: true }) res: HttpReply): Promise<UserInfo> {
    return this.answer(req, res);
  }

  @Post('userinfo')
  @HttpCode(200)
  @ApiOperation({ summary: 'UserInfo (OpenID Connect Core §5.3), POST form', description: 'The same as GET, for clients that POST (the token still in the Authorization header).' })
  @ApiOkResponse({ type: UserInfoView, description: 'The claims the token\'s scopes allow' })
  post(@Req() req: HttpRequest, @Res({ passthrough: true }) res: HttpReply): Promise<UserInfo> {
    return this.answer(req, res);
  }

  private async answer(req: HttpRequest, res: HttpReply): Promise<UserInfo> {
    noStore(res);
    const header = req.headers.authorization;
    const match = typeof header === 'string' ? BEARER.exec(header.trim()) : null;
    if (!match) throw withChallenge(new InvalidTokenError('An access token is required (Authorization: Bearer <token>)'));
    const token = await this.validator.validate(match[1]);
    if (!token) throw withChallenge(new InvalidTokenError('The access token is invalid, expired or revoked'));
    if (req.headers.origin) this.cors.allowFor(req, res, (await this.clients.findByClientId(token.clientId))?.allowedOrigins ?? []);
    return this.userinfo.claimsFor(token);
  }
}
