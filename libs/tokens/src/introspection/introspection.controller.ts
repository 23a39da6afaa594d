import { Controller, HttpCode, Post, Req, Res, UseFilters } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AllowedMethodsOnly, API_TAGS, ApiClientAuth, ApiOAuthErrors, clientIp, HttpReply, HttpRequest, InvalidClientError, noStore, OAuthJsonFilter } from '@app/common';
import { ClientAuthenticator } from '@app/clients';
import { readOAuthForm } from '../http/oauth-form';
import { TokenReferenceDto } from '../http/token-request.dto';
import { IntrospectionService } from './introspection.service';
import { IntrospectionView } from './introspection.view';

/**
 * RFC 7662 introspection endpoint: the caller authenticates as a confidential client (§2.1:
 * the endpoint MUST require authorization, and a bare client_id proves nothing); no-store.
 */
@ApiTags(API_TAGS.tokens)
@Controller('oauth2')
@UseFilters(OAuthJsonFilter)
export class IntrospectionController {
  constructor(private readonly authenticator: ClientAuthenticator, private readonly introspection: IntrospectionService) {}

  @Post('introspect')
  @AllowedMethodsOnly()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Token introspection (RFC 7662)',
    description: 'For a resource server (a confidential channel): is this token active, for which channel, user and scopes? '
      + 'Tokens of other channels, expired or revoked ones answer `{"active": false}` and nothing else.',
  })
  @ApiClientAuth()
  @ApiConsumes('application/x-www-form-urlencoded')
  @ApiBody({ type: TokenReferenceDto, examples: { access_token: { summary: 'Introspect an access token', value: { token: 'gha_3q2-7wAbcT0k', token_type_hint: 'access_token' } } } })
  @ApiOkResponse({
    type: IntrospectionView,
    description: 'RFC 7662 §2.2',
    examples: {
      active: { summary: 'An active token', value: { active: true, scope: 'user_id_read', client_id: 'a1b2c3d4e5f60718293a4b5c', sub: 'client:a1b2c3d4e5f60718293a4b5c', token_type: 'Bearer', exp: 1767225600, iat: 1767222000, iss: 'https://auth.example' } },
      inactive: { summary: 'Unknown, expired or revoked', value: { active: false } },
    },
  })
  @ApiOAuthErrors('invalid_request', 'invalid_client', 'slow_down')
  async introspect(@Req() req: HttpRequest, @Res({ passthrough: true }) res: HttpReply): Promise<IntrospectionView> {
    noStore(res);
    const params = readOAuthForm(req, TokenReferenceDto);
    const { client } = await this.authenticator.authenticate({ authorization: req.headers.authorization, body: params, ip: clientIp(req) });
    if (client.isPublic) throw new InvalidClientError('Introspection requires a confidential client');
    return this.introspection.introspect(client, params.token, params.token_type_hint);
  }
}
