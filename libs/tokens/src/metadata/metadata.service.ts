import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@app/common';
import { ScopesService } from '@app/clients';
import { ACR_VALUES } from '@app/accounts';
import { GrantRegistry } from '../grants/grant-registry';
import { SigningKeys } from '../keys/signing-keys.service';

/** Claims an ID Token or UserInfo response can carry (OIDC Core §2, §5.1). */
const CLAIMS = ['iss', 'sub', 'aud', 'exp', 'iat', 'auth_time', 'nonce', 'amr', 'acr', 'at_hash', 'preferred_username', 'name'];

/**
 * The one builder of both metadata documents: RFC 8414 §2 authorization server metadata (#14,
 * #36) and OpenID Connect Discovery 1.0 §3 provider metadata are the same object, so every key
 * the two share agrees (RFC 8414 §2 lets the OAuth document carry the OIDC fields, and clients
 * that read only it, like openid-client with `algorithm: 'oauth2'`, need jwks_uri to verify ID
 * Tokens and JWT access tokens). `issuer` is the configured ISSUER byte for byte and every
 * endpoint is built from it; grant types are the registered handlers (so password/implicit can
 * never appear); PKCE S256 only; RFC 9207 `iss` is advertised; the ID Token signing algorithms
 * are those of the key set; subjects are pairwise.
 */
@Injectable()
export class MetadataService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly scopes: ScopesService,
    private readonly grants: GrantRegistry,
    private readonly keys: SigningKeys,
  ) {}

  /** The path of the issuer URL ("/" when it has none). */
  issuerPath(): string {
    return new URL(this.config.server.issuer).pathname;
  }

  async document(): Promise<Record<string, unknown>> {
    const issuer = this.config.server.issuer;
    return {
      issuer,
      authorization_endpoint: `${issuer}/oauth2/authorize`,
      token_endpoint: `${issuer}/oauth2/token`,
      revocation_endpoint: `${issuer}/oauth2/revoke`,
      introspection_endpoint: `${issuer}/oauth2/introspect`,
      registration_endpoint: `${issuer}/api/v1/clients`,
      scopes_supported: (await this.scopes.list()).map((s) => s.name),
      response_types_supported: ['code'],
      response_modes_supported: ['query'],
      grant_types_supported: this.grants.supported(),
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'none'],
      revocation_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'none'],
      introspection_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
      code_challenge_methods_supported: ['S256'],
      authorization_response_iss_parameter_supported: true,
      service_documentation: `${issuer}/docs`,
      jwks_uri: `${issuer}/oauth2/jwks`,
      userinfo_endpoint: `${issuer}/oauth2/userinfo`,
      end_session_endpoint: `${issuer}/oauth2/logout`,
      subject_types_supported: ['pairwise'],
      id_token_signing_alg_values_supported: await this.keys.algorithms(),
      claims_supported: CLAIMS,
      acr_values_supported: [...ACR_VALUES],
      prompt_values_supported: ['none', 'login', 'consent'],
      claims_parameter_supported: false,
      request_parameter_supported: false,
      request_uri_parameter_supported: false,
    };
  }
}
