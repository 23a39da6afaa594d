import { Controller, Get, HttpCode, Post, Req, Res, UseFilters } from '@nestjs/common';
import { ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import { PairwiseSubject } from '@app/accounts';
import { AuthorizeFlow, BrowserErrorFilter, standardAuthorizeRequest } from '@app/authorization';
import { ClientAuthenticator } from '@app/clients';
import { clientIp, HttpReply, HttpRequest, noStore, OAuthJsonFilter, RawParams, UnsupportedGrantTypeError } from '@app/common';
import { TokenResult, TokenService } from '@app/tokens';
import { bodyParams } from '../shared/dialect-params';
import { MALL_PROFILE, mallTokenView, MallTokenView } from './mall.mapper';

/**
 * Seed 002 "mall" (RFC 6749 §4.1, §6) under /v1/oauth2:
 * - authorize → AuthorizeFlow; its codes live 30 seconds and are single-use;
 * - accessToken / refreshToken: form-urlencoded or JSON bodies, client_id + client_secret
 *   (client_secret_post; Basic works too), throttled; redirect_uri must equal the authorize one;
 *   refresh tokens rotate and a reused one revokes the family;
 *   `scope` is null when the authorization request carried none (the document's answers);
 * - getOpenId and getUserInfo: see MallResourceController.
 * Errors are RFC 6749 §5.2 `{error, error_description}`.
 */
@ApiTags('Compatibility')
@Controller('v1/oauth2')
export class MallController {
  constructor(
    private readonly flow: AuthorizeFlow,
    private readonly authenticator: ClientAuthenticator,
    private readonly tokens: TokenService,
    private readonly pairwise: PairwiseSubject,
  ) {}

  @Get('authorize')
  @UseFilters(BrowserErrorFilter)
  @ApiOperation({ summary: 'Seed 002 (mall): authorization', description: 'response_type=code, client_id, redirect_uri, state. Codes live 30 seconds, single use.' })
  authorize(@Req() req: HttpRequest, @Res() res: HttpReply): Promise<void> {
    return this.flow.start(req, res, standardAuthorizeRequest(req.query as RawParams), MALL_PROFILE);
  }

  @Post('accessToken')
  @HttpCode(200)
  @UseFilters(OAuthJsonFilter)
  @ApiConsumes('application/x-www-form-urlencoded', 'application/json')
  @ApiOperation({ summary: 'Seed 002 (mall): exchange a code', description: 'client_id, client_secret, redirect_uri (as at authorize), grant_type=authorization_code, code → {access_token, expires_in, token_type, scope, refresh_token, openid}; scope is null when the authorize request carried none.' })
  async accessToken(@Req() req: HttpRequest, @Res({ passthrough: true }) res: HttpReply): Promise<MallTokenView> {
    const result = await this.exchange(req, res, 'authorization_code');
    return mallTokenView(result, result.userId ? await this.pairwise.openidFor(result.userId, result.clientId) : undefined);
  }

  @Post('refreshToken')
  @HttpCode(200)
  @UseFilters(OAuthJsonFilter)
  @ApiConsumes('application/x-www-form-urlencoded', 'application/json')
  @ApiOperation({ summary: 'Seed 002 (mall): refresh', description: 'client_id, client_secret, grant_type=refresh_token, refresh_token → {access_token, expires_in, token_type, scope, refresh_token} (scope null as at the code exchange); the refresh token rotates, a reused one revokes the family.' })
  async refreshToken(@Req() req: HttpRequest, @Res({ passthrough: true }) res: HttpReply): Promise<MallTokenView> {
    return mallTokenView(await this.exchange(req, res, 'refresh_token'));
  }

  private async exchange(req: HttpRequest, res: HttpReply, grantType: 'authorization_code' | 'refresh_token'): Promise<TokenResult> {
    noStore(res);
    const params = bodyParams(req, true);
    if (params.grant_type !== grantType) throw new UnsupportedGrantTypeError(`grant_type must be ${grantType} on this endpoint`);
    const { client } = await this.authenticator.authenticate({ authorization: req.headers.authorization, body: params });
    return this.tokens.exchange(client, params, { ip: clientIp(req) });
  }
}
