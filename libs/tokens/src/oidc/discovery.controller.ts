import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { MetadataService } from '../metadata/metadata.service';

/**
 * OpenID Connect Discovery 1.0 §4. The document is the RFC 8414 one, built once by
 * MetadataService (issuer, endpoints, jwks_uri, userinfo_endpoint, end_session_endpoint,
 * pairwise subjects, signing algorithms, claims), so the two can never disagree.
 */
@ApiTags('OpenID Connect')
@Controller('.well-known')
export class DiscoveryController {
  constructor(private readonly metadata: MetadataService) {}

  @Get('openid-configuration')
  @Header('Access-Control-Allow-Origin', '*')
  @Header('Cross-Origin-Resource-Policy', 'cross-origin')
  @Header('Cache-Control', 'public, max-age=300')
  @ApiOperation({ summary: 'OpenID Provider configuration (OpenID Connect Discovery 1.0)' })
  @ApiOkResponse({ description: 'The provider metadata' })
  document(): Promise<Record<string, unknown>> {
    return this.metadata.document();
  }
}
