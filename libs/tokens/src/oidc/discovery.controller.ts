import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { API_TAGS, ApiHttpLayerErrors, ApiPublic } from '@app/common';
import { OpenIdConfigurationView } from '../metadata/metadata.view';
import { MetadataService } from '../metadata/metadata.service';

/**
 * OpenID Connect Discovery 1.0 §4. The document is the RFC 8414 one, built once by
 * MetadataService (issuer, endpoints, jwks_uri, userinfo_endpoint, end_session_endpoint,
 * pairwise subjects, signing algorithms, claims), so the two can never disagree.
 */
@ApiTags(API_TAGS.authorize)
@ApiPublic()
@Controller('.well-known')
export class DiscoveryController {
  constructor(private readonly metadata: MetadataService) {}

  @Get('openid-configuration')
  @Header('Access-Control-Allow-Origin', '*')
  @Header('Cross-Origin-Resource-Policy', 'cross-origin')
  @Header('Cache-Control', 'public, max-age=300')
  @ApiOperation({
    summary: 'OpenID Provider configuration (OpenID Connect Discovery 1.0)',
    description: 'The RFC 8414 metadata plus what an OpenID Connect relying party needs: jwks_uri, userinfo_endpoint, '
      + 'end_session_endpoint, the ID token signing algorithms and claims (one builder for both documents).',
  })
  @ApiOkResponse({ type: OpenIdConfigurationView, description: 'The provider metadata' })
  @ApiHttpLayerErrors()
  document(): Promise<Record<string, unknown>> {
    return this.metadata.document();
  }
}
