import { Controller, Get, HttpCode, Post, Req, Res, UseFilters } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { AuthorizeFlow, BrowserErrorFilter, standardAuthorizeRequest } from '@app/authorization';
import { ClientAuthenticator } from '@app/clients';
import {
  API_TAGS, ApiClientAuth, ApiOAuthErrors, ApiPageResponses, ApiPublic, clientIp, HttpReply, HttpRequest, InvalidClientRedirectError, InvalidRequestError, noStore, OAuthJsonFilter, RawParams,
  UnsupportedGrantTypeError,
} from '@app/common';
import { readOAuthForm, TokenResponseDto, TokenService } from '@app/tokens';
import { LiuyuanTokenDto } from './liuyuan-token.dto';
import { LIUYUAN_PROFILE, liuyuanTokenParams } from './liuyuan.mapper';

/**
 * Seed 001 "liuyuan" (RFC 6749 §4.1): both documented calls share /index.php and differ by
 * the `app` query parameter.
 * - GET ?app=authorize → AuthorizeFlow with `state` required (missing → invalid_request redirect);
 * - POST ?app=token → client authentication with HTTP Basic (raw or form-urlencoded credentials,
 *   throttled), form body grant_type=authorization_code, code, client_id; no redirect_uri at this
 *   step (one that is sent must match). Answers the standard token JSON ({access_token, expires_in, …}).
 */
@ApiTags(API_TAGS.dialects)
@Controller('index.php')
export class LiuyuanController {
  constructor(
    private readonly flow: AuthorizeFlow,
    private readonly authenticator: ClientAuthenticator,
    private readonly tokens: TokenService,
  ) {}

  @Get()
  @UseFilters(BrowserErrorFilter)
  @ApiPublic()
  @ApiPageResponses({ ok: 'The consent page', redirect: 'To redirect_uri with code and state (or error), or to /login', error: 'Error page: unknown app, unknown client or unregistered redirect_uri' })
  @ApiOperation({ summary: 'Seed 001 (liuyuan): authorization (app=authorize)', description: 'app=authorize, response_type=code, client_id, state (required), redirect_uri (optional when one is registered).' })
  @ApiQuery({ name: 'app', enum: ['authorize'] })
  @ApiQuery({ name: 'response_type', enum: ['code'] })
  @ApiQuery({ name: 'client_id' })
  @ApiQuery({ name: 'state' })
  @ApiQuery({ name: 'redirect_uri', required: false })
  authorize(@Req() req: HttpRequest, @Res() res: HttpReply): Promise<void> {
    if ((req.query as RawParams).app !== 'authorize') {
      throw new InvalidClientRedirectError('Unknown app: use app=authorize (GET) or app=token (POST)');
    }
    return this.flow.start(req, res, standardAuthorizeRequest(req.query as RawParams), LIUYUAN_PROFILE);
  }

  @Post()
  @HttpCode(200)
  @UseFilters(OAuthJsonFilter)
  @ApiOperation({ summary: 'Seed 001 (liuyuan): token (app=token)', description: 'Authorization: Basic base64(client_id:client_secret); form body grant_type=authorization_code, code, client_id → {access_token, expires_in, token_type, refresh_token?, scope}.' })
  @ApiQuery({ name: 'app', enum: ['token'] })
  @ApiConsumes('application/x-www-form-urlencoded')
  @ApiBody({ type: LiuyuanTokenDto })
  @ApiClientAuth()
  @ApiOkResponse({ type: TokenResponseDto, description: 'RFC 6749 §5.1 token response' })
  @ApiOAuthErrors('invalid_request', 'invalid_grant', 'unsupported_grant_type', 'invalid_scope', 'invalid_client', 'slow_down')
  async token(@Req() req: HttpRequest, @Res({ passthrough: true }) res: HttpReply): Promise<TokenResponseDto> {
    noStore(res);
    if ((req.query as RawParams).app !== 'token') throw new InvalidRequestError('Unknown app: POST to /index.php?app=token');
    const params = liuyuanTokenParams(readOAuthForm(req, LiuyuanTokenDto));
    if (params.grant_type !== 'authorization_code') throw new UnsupportedGrantTypeError('grant_type must be authorization_code');
    const { client } = await this.authenticator.authenticate({ authorization: req.headers.authorization, body: params, ip: clientIp(req) }, 'client_secret_basic');
    const result = await this.tokens.exchange(client, params, { redirectUriOptional: true, codeDialects: [LIUYUAN_PROFILE.name], ip: clientIp(req) });
    return TokenResponseDto.from(result);
  }
}
