import { Controller, HttpCode, Post, Req, Res, UseFilters } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AllowedMethodsOnly, clientIp, HttpReply, HttpRequest, InvalidClientError, noStore, OAuthJsonFilter } from '@app/common';
import { ClientAuthenticator } from '@app/clients';
import { readOAuthForm } from '../http/oauth-form';
import { TokenReferenceDto } from '../http/token-request.dto';
import { IntrospectionService } from './introspection.service';
import { IntrospectionView } from './introspection.view';

/**
 * RFC 7662 introspection endpoint: the caller authenticates as a confidential client (§2.1:
 * the endpoint MUST require authorization, and a bare client_id proves nothing); no-store.
 */
@ApiTags('OAuth 2.0')
@Controller('oauth2')
@UseFilters(OAuthJsonFilter)
export class IntrospectionController {
  constructor(private readonly authenticator: ClientAuthenticator, private readonly introspection: IntrospectionService) {}

  @Post('introspect')
  @AllowedMethodsOnly()
  @HttpCode(200)
  @ApiOperation({ summary: 'Token introspection (RFC 7662)' })
  @ApiConsumes('application/x-www-form-urlencoded')
  @ApiBody({ type: TokenReferenceDto })
  @ApiOkResponse({ type: IntrospectionView })
  async introspect(@Req() req: HttpRequest, @Res({ passthrough: true }) res: HttpReply): Promise<IntrospectionView> {
    noStore(res);
    const params = readOAuthForm(req, TokenReferenceDto);
    const { client } = await this.authenticator.authenticate({ authorization: req.headers.authorization, body: params, ip: clientIp(req) });
    if (client.isPublic) throw new InvalidClientError('Introspection requires a confidential client');
    return this.introspection.introspect(client, params.token, params.token_type_hint);
  }
}
