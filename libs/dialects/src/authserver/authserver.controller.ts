import { Controller, Get, HttpCode, Post, Req, Res, UseFilters } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { PairwiseSubject } from '@app/accounts';
import { AuthorizeFlow, BrowserErrorFilter, STANDARD_PROFILE } from '@app/authorization';
import { Client, ClientAuthenticator, ClientRegistry } from '@app/clients';
import {
  API_TAGS, ApiClientAuth, ApiOAuthErrors, ApiPageResponses, ApiPublic, clientIp, HttpReply, HttpRequest, InvalidClientError, InvalidRequestError, noStore, OAuthJsonFilter, RawParams,
  UnsupportedGrantTypeError,
} from '@app/common';
import { TokenResult, TokenService } from '@app/tokens';
import { queryAndBodyParams, queryParams } from '../shared/dialect-params';
import { AuthserverTokenApiView } from '../shared/dialect-views';
import { AUTHSERVER_PROFILE, authserverAuthorizeRequest, authserverCodeParams, authserverTokenView, AuthserverTokenView } from './authserver.mapper';

/**
 * Seed 004 "authserver" (RFC 6749 §4.1, §6) over the core:
 * - GET /authorize → AuthorizeFlow (comma-separated scopes; /oauth2/authorize is the standard route);
 * - /oauth2/access_token (GET or POST): client_id + client_secret (query or form; the request
 *   logger redacts the secret), throttled; the code is single-use, bound to the channel and to
 *   the redirect_uri used at authorize;
 * - POST /oauth2/refresh_token: no secret, as documented, but only for channels with
 *   `secretless_refresh` (registered through /client/add, or marked by an operator; issue 14 #1);
 *   every other channel authenticates as at the standard token endpoint (secret in the query,
 *   the form or Basic; a public client by its client_id). The refresh token is still bound to
 *   the channel, rotates, and a reused one revokes the family. A secret that is sent is checked.
 */
const AUTHSERVER_CODE_DIALECTS = [AUTHSERVER_PROFILE.name, STANDARD_PROFILE.name];

@ApiTags(API_TAGS.dialects)
@Controller()
export class AuthserverController {
  constructor(
    private readonly flow: AuthorizeFlow,
    private readonly authenticator: ClientAuthenticator,
    private readonly registry: ClientRegistry,
    private readonly tokens: TokenService,
    private readonly pairwise: PairwiseSubject,
  ) {}

  @Get('authorize')
  @UseFilters(BrowserErrorFilter)
  @ApiPublic()
  @ApiPageResponses({ ok: 'The consent page', redirect: 'To redirect_uri with code and state (or error), or to /login', error: 'Error page: unknown client or unregistered redirect_uri' })
  @ApiOperation({ summary: 'Seed 004 (authserver): authorization', description: 'client_id, response_type=code, redirect_uri, scope (comma-separated, snsapi_login), state. Same as GET /oauth2/authorize.' })
  authorize(@Req() req: HttpRequest, @Res() res: HttpReply): Promise<void> {
    return this.flow.start(req, res, authserverAuthorizeRequest(req.query as RawParams), AUTHSERVER_PROFILE);
  }

  @Get('oauth2/access_token')
  @UseFilters(OAuthJsonFilter)
  @ApiPublic() // client_id and client_secret are query parameters
  @ApiOkResponse({ type: AuthserverTokenApiView, description: 'The token' })
  @ApiOAuthErrors('invalid_request', 'invalid_grant', 'unsupported_grant_type', 'invalid_scope', 'invalid_client', 'slow_down')
  @ApiOperation({ summary: 'Seed 004 (authserver): exchange a code (GET)', description: 'client_id, client_secret, grant_type=authorization_code, code, redirect_uri → {access_token, refresh_token, openid, scope, expires_in}.' })
  @ApiQuery({ name: 'client_id' })
  @ApiQuery({ name: 'client_secret' })
  @ApiQuery({ name: 'grant_type', enum: ['authorization_code'] })
  @ApiQuery({ name: 'code' })
  @ApiQuery({ name: 'redirect_uri' })
  accessTokenByGet(@Req() req: HttpRequest, @Res({ passthrough: true }) res: HttpReply): Promise<AuthserverTokenView> {
    return this.redeem(req, res, queryParams(req));
  }

  @Post('oauth2/access_token')
  @HttpCode(200)
  @UseFilters(OAuthJsonFilter)
  @ApiClientAuth()
  @ApiOkResponse({ type: AuthserverTokenApiView, description: 'The token' })
  @ApiOAuthErrors('invalid_request', 'invalid_grant', 'unsupported_grant_type', 'invalid_scope', 'invalid_client', 'slow_down')
  @ApiOperation({ summary: 'Seed 004 (authserver): exchange a code (POST)', description: 'The same parameters in the query string or a form body.' })
  accessTokenByPost(@Req() req: HttpRequest, @Res({ passthrough: true }) res: HttpReply): Promise<AuthserverTokenView> {
    return this.redeem(req, res, queryAndBodyParams(req));
  }

  @Post('oauth2/refresh_token')
  @HttpCode(200)
  @UseFilters(OAuthJsonFilter)
  @ApiPublic() // client_id alone identifies the channel (the seed sends no secret)
  @ApiOkResponse({ type: AuthserverTokenApiView, description: 'The token, with a new refresh token' })
  @ApiOAuthErrors('invalid_request', 'invalid_grant', 'unsupported_grant_type', 'invalid_scope', 'invalid_client', 'slow_down')
  @ApiOperation({ summary: 'Seed 004 (authserver): refresh', description: 'client_id, grant_type=refresh_token, refresh_token (query or form; no secret) → the same shape; the refresh token rotates, reuse revokes the family.' })
  @ApiQuery({ name: 'client_id' })
  @ApiQuery({ name: 'grant_type', enum: ['refresh_token'] })
  @ApiQuery({ name: 'refresh_token' })
  async refreshToken(@Req() req: HttpRequest, @Res({ passthrough: true }) res: HttpReply): Promise<AuthserverTokenView> {
    noStore(res);
    const params = queryAndBodyParams(req);
    if (params.grant_type !== 'refresh_token') throw new UnsupportedGrantTypeError('grant_type must be refresh_token');
    const client = await this.refreshingClient(req, params);
    const result = await this.tokens.exchange(client, { grant_type: 'refresh_token', ...(params.refresh_token ? { refresh_token: params.refresh_token } : {}) }, { ip: clientIp(req) });
    return this.view(result);
  }

  /** The secret-less path only for channels marked secretless_refresh; everyone else authenticates. */
  private async refreshingClient(req: HttpRequest, params: Record<string, string>): Promise<Client> {
    const basic = req.headers.authorization !== undefined;
    if (!basic && params.client_secret === undefined) {
      if (!params.client_id) throw new InvalidRequestError('client_id is required');
      const client = await this.registry.findByClientId(params.client_id);
      if (!client) throw new InvalidClientError('Unknown client_id');
      if (client.secretlessRefresh) return client;
    }
    return (await this.authenticator.authenticate({ authorization: req.headers.authorization, body: params, ip: clientIp(req) }, 'client_secret_post')).client;
  }

  private async redeem(req: HttpRequest, res: HttpReply, params: Record<string, string>): Promise<AuthserverTokenView> {
    noStore(res);
    const grant = authserverCodeParams(params);
    if (grant.grant_type !== 'authorization_code') throw new UnsupportedGrantTypeError('grant_type must be authorization_code');
    const { client } = await this.authenticator.authenticate({ authorization: req.headers.authorization, body: params, ip: clientIp(req) }, 'client_secret_post');
    // The seed-004 document authorizes at /authorize and at the standard /oauth2/authorize.
    return this.view(await this.tokens.exchange(client, grant, { codeDialects: AUTHSERVER_CODE_DIALECTS, ip: clientIp(req) }));
  }

  private async view(result: TokenResult): Promise<AuthserverTokenView> {
    const openid = result.userId ? await this.pairwise.openidFor(result.userId, result.clientId) : '';
    return authserverTokenView(result, openid);
  }
}
