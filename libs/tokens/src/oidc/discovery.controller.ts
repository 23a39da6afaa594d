import { Controller, Get, Header, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { API_TAGS, APP_CONFIG, ApiHttpLayerErrors, ApiPublic, AppConfig } from '@app/common';
import { OpenIdConfigurationView } from '../metadata/metadata.view';
import { SigningKeys } from '../keys/signing-keys.service';
import { MetadataService } from '../metadata/metadata.service';

/** Claims an ID Token or UserInfo response can carry (OIDC Core §2, §5.1). */
const CLAIMS = ['iss', 'sub', 'aud', 'exp', 'iat', 'auth_time', 'nonce', 'amr', 'at_hash', 'preferred_username', 'name'];

/**
 * OpenID Connect Discovery 1.0 §4: the RFC 8414 document (same issuer, endpoints and grant
 * types: one source) plus what OIDC adds: jwks_uri, userinfo_endpoint, end_session_endpoint
 * (RP-Initiated Logout 1.0), pairwise subjects, the ID Token signing algorithms of the key set,
 * the claims.
 */
@ApiTags(API_TAGS.authorize)
@ApiPublic()
@Controller('.well-known')
export class DiscoveryController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly metadata: MetadataService,
    private readonly keys: SigningKeys,
  ) {}

  @Get('openid-configuration')
  @Header('Access-Control-Allow-Origin', '*')
  @Header('Cross-Origin-Resource-Policy', 'cross-origin')
  @Header('Cache-Control', 'public, max-age=300')
  @ApiOperation({
    summary: 'OpenID Provider configuration (OpenID Connect Discovery 1.0)',
    description: 'The RFC 8414 metadata plus what an OpenID Connect relying party needs: jwks_uri, userinfo_endpoint, '
      + 'end_session_endpoint, the ID token signing algorithms and claims.',
  })
  @ApiOkResponse({ type: OpenIdConfigurationView, description: 'The provider metadata' })
  @ApiHttpLayerErrors()
  async document(): Promise<Record<string, unknown>> {
    const issuer = this.config.server.issuer;
    const algs = await this.keys.algorithms();
    return {
      ...(await this.metadata.document()),
      jwks_uri: `${issuer}/oauth2/jwks`,
      userinfo_endpoint: `${issuer}/oauth2/userinfo`,
      end_session_endpoint: `${issuer}/oauth2/logout`,
      response_types_supported: ['code'],
      subject_types_supported: ['pairwise'],
      id_token_signing_alg_values_supported: algs,
      claims_supported: CLAIMS,
      prompt_values_supported: ['none', 'login', 'consent'],
      claims_parameter_supported: false,
      request_parameter_supported: false,
      request_uri_parameter_supported: false,
    };
  }
}
