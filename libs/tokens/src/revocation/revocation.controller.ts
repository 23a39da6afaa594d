import { Controller, HttpCode, Options, Post, Req, Res, UseFilters } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiExcludeEndpoint, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AllowedMethodsOnly, API_TAGS, ApiClientAuth, ApiOAuthErrors, clientIp, HttpReply, HttpRequest, noStore, OAuthJsonFilter } from '@app/common';
import { ClientAuthenticator } from '@app/clients';
import { BrowserCors } from '../http/browser-cors';
import { readOAuthForm } from '../http/oauth-form';
import { TokenReferenceDto } from '../http/token-request.dto';
import { RevocationService } from './revocation.service';

/**
 * RFC 7009 revocation endpoint: client authentication required (public clients identify with
 * client_id, §2.1); 200 whether or not the token existed (§2.2). The body is `{}` as
 * application/json: §2.2 lets the client ignore it, and clients that parse every answer as JSON
 * (simple-oauth2's revokeAll) fail on an empty one.
 */
@ApiTags(API_TAGS.tokens)
@Controller('oauth2')
@UseFilters(OAuthJsonFilter)
export class RevocationController {
  constructor(
    private readonly authenticator: ClientAuthenticator,
    private readonly revocation: RevocationService,
    private readonly cors: BrowserCors,
  ) {}

  @Options('revoke')
  @HttpCode(204)
  @ApiExcludeEndpoint()
  preflight(@Req() req: HttpRequest, @Res({ passthrough: true }) res: HttpReply): Promise<void> {
    return this.cors.preflight(req, res, ['POST']);
  }

  @Post('revoke')
  @AllowedMethodsOnly()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Token revocation (RFC 7009)',
    description: 'Revoke an access or refresh token of the calling channel, e.g. when the user signs out of it; revoking a '
      + 'refresh token also revokes the access tokens issued from it. The answer is 200 whether or not the token existed.',
  })
  @ApiClientAuth()
  @ApiConsumes('application/x-www-form-urlencoded')
  @ApiBody({ type: TokenReferenceDto, examples: { refresh_token: { summary: 'Revoke a refresh token', value: { token: 'ghr_Zx9T0kq4mV2W', token_type_hint: 'refresh_token' } } } })
  @ApiOkResponse({ description: 'The token is revoked, or was not a valid token of this client: `{}` (application/json)', schema: { type: 'object', additionalProperties: false, example: {} } })
  @ApiOAuthErrors('invalid_request', 'invalid_client', 'slow_down')
  async revoke(@Req() req: HttpRequest, @Res({ passthrough: true }) res: HttpReply): Promise<Record<string, never>> {
    noStore(res);
    const params = readOAuthForm(req, TokenReferenceDto);
    const { client } = await this.authenticator.authenticate({ authorization: req.headers.authorization, body: params, ip: clientIp(req) });
    this.cors.allowFor(req, res, client.allowedOrigins);
    await this.revocation.revoke(client, params.token, params.token_type_hint, clientIp(req));
    return {};
  }
}
