import { Controller, HttpCode, Options, Post, Req, Res, UseFilters } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiExcludeEndpoint, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AllowedMethodsOnly, API_TAGS, ApiClientAuth, ApiOAuthErrors, clientIp, HttpReply, HttpRequest, noStore, OAuthJsonFilter } from '@app/common';
import { ClientAuthenticator } from '@app/clients';
import { GrantRegistry } from '../grants/grant-registry';
import { BrowserCors } from './browser-cors';
import { TokenService } from '../token.service';
import { readOAuthForm } from './oauth-form';
import { TokenRequestDto } from './token-request.dto';
import { TokenResponseDto } from './token-response.dto';

/**
 * RFC 6749 §3.2 token endpoint, OAuth 2.1 §3.2.
 * Enforces: form-encoded body, no repeated parameters, unknown ones ignored (#28); a supported
 * grant_type before anything else (#8); client authentication (#24-#26: 401 invalid_client,
 * WWW-Authenticate for Basic, 429 while throttled); Cache-Control: no-store (#23); RFC 6749
 * §5.2 JSON errors; CORS for the client's allowed origins (BrowserCors).
 */
@ApiTags(API_TAGS.tokens)
@Controller('oauth2')
@UseFilters(OAuthJsonFilter)
export class TokenController {
  constructor(
    private readonly grants: GrantRegistry,
    private readonly authenticator: ClientAuthenticator,
    private readonly tokens: TokenService,
    private readonly cors: BrowserCors,
  ) {}

  @Options('token')
  @HttpCode(204)
  @ApiExcludeEndpoint()
  preflight(@Req() req: HttpRequest, @Res({ passthrough: true }) res: HttpReply): Promise<void> {
    return this.cors.preflight(req, res, ['POST']);
  }

  @Post('token')
  @AllowedMethodsOnly()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Token endpoint (RFC 6749 §3.2): authorization_code, refresh_token, client_credentials',
    description: 'Exchange an authorization code (with the PKCE code_verifier), rotate a refresh token (a reused one revokes '
      + 'its family), or get a token for the channel itself (client_credentials). Authenticate the channel with HTTP Basic '
      + '(client_basic) or client_secret_post (client_id and client_secret in the form); public clients send client_id alone. '
      + 'Answers carry Cache-Control: no-store.',
  })
  @ApiClientAuth()
  @ApiConsumes('application/x-www-form-urlencoded')
  @ApiBody({
    type: TokenRequestDto,
    examples: {
      client_credentials: { summary: 'client_credentials (with HTTP Basic)', value: { grant_type: 'client_credentials', scope: 'user_id_read' } },
      authorization_code: {
        summary: 'authorization_code with PKCE',
        value: { grant_type: 'authorization_code', code: 'Splx10BeZQQYbYS6WxSbIA', redirect_uri: 'https://app.example/cb', code_verifier: 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk' },
      },
      refresh_token: { summary: 'refresh_token', value: { grant_type: 'refresh_token', refresh_token: 'ghr_Zx9T0kq4mV2W' } },
    },
  })
  @ApiOkResponse({ type: TokenResponseDto, description: 'RFC 6749 §5.1 token response' })
  @ApiOAuthErrors('invalid_request', 'invalid_grant', 'unauthorized_client', 'unsupported_grant_type', 'invalid_scope', 'invalid_target', 'invalid_client', 'slow_down')
  async token(@Req() req: HttpRequest, @Res({ passthrough: true }) res: HttpReply): Promise<TokenResponseDto> {
    noStore(res);
    const params = readOAuthForm(req, TokenRequestDto);
    this.grants.get(params.grant_type);
    const { client } = await this.authenticator.authenticate({ authorization: req.headers.authorization, body: params, ip: clientIp(req) });
    this.cors.allowFor(req, res, client.allowedOrigins);
    const result = await this.tokens.exchange(client, params, { ip: clientIp(req) });
    return TokenResponseDto.from(result);
  }
}
