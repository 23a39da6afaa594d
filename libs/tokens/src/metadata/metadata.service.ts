import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@app/common';
import { ScopesService } from '@app/clients';
import { GrantRegistry } from '../grants/grant-registry';

/**
 * RFC 8414 §2 authorization server metadata (#14, #36). `issuer` is the configured ISSUER
 * byte for byte and every endpoint is built from it; grant types are the registered handlers
 * (so password/implicit can never appear); PKCE S256 only; RFC 9207 `iss` is advertised.
 */
@Injectable()
export class MetadataService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly scopes: ScopesService,
    private readonly grants: GrantRegistry,
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
    };
  }
}
