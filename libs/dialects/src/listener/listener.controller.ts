import { Controller, Get, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { AuthorizeFlow, BrowserErrorFilter } from '@app/authorization';
import { ClientAuthenticator } from '@app/clients';
import {
  API_TAGS, ApiAccessTokenAuth, ApiBearerErrors, ApiOAuthErrors, ApiPageResponses, ApiPublic, clientIp, HttpReply, HttpRequest, noStore,
  OAuthJsonFilter, RawParams, UnsupportedGrantTypeError,
} from '@app/common';
import { AcceptQueryAccessToken, BearerGuard, CurrentAccessToken, insufficientScopeError } from '@app/resource';
import { TokenService, ValidatedAccessToken } from '@app/tokens';
import { queryParams } from '../shared/dialect-params';
import { ListenerTokenApiView, UserIdView } from '../shared/dialect-views';
import { LISTENER_PROFILE, listenerAuthorizeRequest, listenerTokenView, ListenerTokenView } from './listener.mapper';

/**
 * Seed 000 "listener" (RFC 6749 §4.1 under other names), over the core:
 * - /authorize.html → AuthorizeFlow (approved channel, exact redirect_uri, login, consent);
 * - /access_token: the secret arrives as `token` in the query string (accepted because the
 *   document says so; the request logger redacts it), client authentication is throttled,
 *   the code is single-use and bound to the channel; no redirect_uri (one that is sent must match);
 * - /user_id: bearer token from the header or `access_token` in the query, scope user_id_read.
 */
@ApiTags(API_TAGS.dialects)
@Controller()
export class ListenerController {
  constructor(
    private readonly flow: AuthorizeFlow,
    private readonly authenticator: ClientAuthenticator,
    private readonly tokens: TokenService,
  ) {}

  @Get('authorize.html')
  @UseFilters(BrowserErrorFilter)
  @ApiPublic()
  @ApiPageResponses({ ok: 'The consent page', redirect: 'To redirect_uri with code and state (or error), or to /login', error: 'Error page: unknown channel or unregistered redirect_uri' })
  @ApiOperation({ summary: 'Seed 000 (listener): authorization page', description: 'channel_id, redirect_uri, response_type=code, scope (comma-separated, user_id_read), state. Redirects to redirect_uri?code=…&state=….' })
  @ApiQuery({ name: 'channel_id' })
  @ApiQuery({ name: 'redirect_uri' })
  @ApiQuery({ name: 'response_type', enum: ['code'] })
  @ApiQuery({ name: 'scope', example: 'user_id_read' })
  @ApiQuery({ name: 'state', required: false })
  authorize(@Req() req: HttpRequest, @Res() res: HttpReply): Promise<void> {
    return this.flow.start(req, res, listenerAuthorizeRequest(req.query as RawParams), LISTENER_PROFILE);
  }

  @Get('access_token')
  @UseFilters(OAuthJsonFilter)
  @ApiPublic() // the channel authenticates with channel_id and token in the query
  @ApiOkResponse({ type: ListenerTokenApiView, description: 'The token' })
  @ApiOAuthErrors('invalid_request', 'invalid_grant', 'unsupported_grant_type', 'invalid_scope', 'invalid_client', 'slow_down')
  @ApiOperation({ summary: 'Seed 000 (listener): exchange a code', description: 'channel_id, token (the channel secret), code, grant_type=authorization_code → {access_token, expires_at (lifetime in seconds), user_id, scope (comma-separated)}. Errors: RFC 6749 §5.2 JSON.' })
  @ApiQuery({ name: 'channel_id' })
  @ApiQuery({ name: 'token', description: 'The channel secret' })
  @ApiQuery({ name: 'code' })
  @ApiQuery({ name: 'grant_type', enum: ['authorization_code'] })
  async accessToken(@Req() req: HttpRequest, @Res({ passthrough: true }) res: HttpReply): Promise<ListenerTokenView> {
    noStore(res);
    const params = queryParams(req);
    if (params.grant_type !== 'authorization_code') {
      throw new UnsupportedGrantTypeError('grant_type must be authorization_code');
    }
    const { client } = await this.authenticator.authenticate({ authorization: req.headers.authorization, body: { client_id: params.channel_id, client_secret: params.token }, ip: clientIp(req) }, 'client_secret_post');
    const result = await this.tokens.exchange(client, {
      grant_type: 'authorization_code', code: params.code, ...(params.redirect_uri ? { redirect_uri: params.redirect_uri } : {}),
    }, { redirectUriOptional: true, codeDialects: [LISTENER_PROFILE.name], ip: clientIp(req) });
    return listenerTokenView(result);
  }

  @Get('user_id')
  @UseGuards(BearerGuard)
  @AcceptQueryAccessToken()
  @UseFilters(OAuthJsonFilter)
  @ApiAccessTokenAuth()
  @ApiBearerErrors()
  @ApiOperation({ summary: 'Seed 000 (listener): the user id', description: 'access_token in the query or Authorization: Bearer; scope user_id_read → {"user_id": "…"}.' })
  @ApiQuery({ name: 'access_token', required: false, description: 'The access token, when not sent as Authorization: Bearer' })
  @ApiOkResponse({ type: UserIdView, description: 'The user who granted the token' })
  userId(@CurrentAccessToken() token: ValidatedAccessToken, @Res({ passthrough: true }) res: HttpReply): { user_id: string } {
    noStore(res);
    if (!token.userId || !token.scopes.includes('user_id_read')) {
      throw insufficientScopeError(['user_id_read'], 'The token needs scope user_id_read and a user');
    }
    return { user_id: token.userId };
  }
}
