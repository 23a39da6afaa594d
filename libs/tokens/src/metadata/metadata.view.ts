import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

const ENDPOINT = (example: string) => ({ format: 'uri', example: `https://auth.example${example}` });

/** RFC 8414 §2 authorization server metadata, as MetadataService builds it. */
export class AuthorizationServerMetadataView {
  @ApiProperty({ ...ENDPOINT(''), description: 'The ISSUER, byte for byte' }) issuer: string;
  @ApiProperty(ENDPOINT('/oauth2/authorize')) authorization_endpoint: string;
  @ApiProperty(ENDPOINT('/oauth2/token')) token_endpoint: string;
  @ApiProperty(ENDPOINT('/oauth2/revoke')) revocation_endpoint: string;
  @ApiProperty(ENDPOINT('/oauth2/introspect')) introspection_endpoint: string;
  @ApiProperty(ENDPOINT('/api/v1/clients')) registration_endpoint: string;
  @ApiProperty({ type: [String], example: ['openid', 'profile', 'user_id_read'] }) scopes_supported: string[];
  @ApiProperty({ type: [String], example: ['code'] }) response_types_supported: string[];
  @ApiProperty({ type: [String], example: ['query'] }) response_modes_supported: string[];
  @ApiProperty({ type: [String], example: ['authorization_code', 'refresh_token', 'client_credentials'] }) grant_types_supported: string[];
  @ApiProperty({ type: [String], example: ['client_secret_basic', 'client_secret_post', 'none'] }) token_endpoint_auth_methods_supported: string[];
  @ApiProperty({ type: [String], example: ['client_secret_basic', 'client_secret_post', 'none'] }) revocation_endpoint_auth_methods_supported: string[];
  @ApiProperty({ type: [String], example: ['client_secret_basic', 'client_secret_post'] }) introspection_endpoint_auth_methods_supported: string[];
  @ApiProperty({ type: [String], example: ['S256'] }) code_challenge_methods_supported: string[];
  @ApiProperty({ example: true }) authorization_response_iss_parameter_supported: boolean;
  @ApiProperty(ENDPOINT('/docs')) service_documentation: string;
  // The OpenID Provider's fields too: both documents come from one builder (issue 15), so a client
  // reading only RFC 8414 metadata (openid-client with algorithm 'oauth2') can verify ID Tokens.
  @ApiProperty(ENDPOINT('/oauth2/jwks')) jwks_uri: string;
  @ApiProperty(ENDPOINT('/oauth2/userinfo')) userinfo_endpoint: string;
  @ApiProperty(ENDPOINT('/oauth2/logout')) end_session_endpoint: string;
  @ApiProperty({ type: [String], example: ['pairwise'] }) subject_types_supported: string[];
  @ApiProperty({ type: [String], example: ['RS256'] }) id_token_signing_alg_values_supported: string[];
  @ApiProperty({ type: [String], example: ['iss', 'sub', 'aud', 'exp', 'iat', 'amr', 'acr'] }) claims_supported: string[];
  @ApiProperty({ type: [String], example: ['pwd', 'mfa'], description: '`mfa`: signed in with a second factor (acr_values=mfa asks for it)' }) acr_values_supported: string[];
  @ApiProperty({ type: [String], example: ['none', 'login', 'consent'] }) prompt_values_supported: string[];
  @ApiProperty({ example: false }) claims_parameter_supported: boolean;
  @ApiProperty({ example: false }) request_parameter_supported: boolean;
  @ApiProperty({ example: false }) request_uri_parameter_supported: boolean;
}

/** OpenID Connect Discovery 1.0 §3: the same document as the RFC 8414 metadata. */
export class OpenIdConfigurationView extends AuthorizationServerMetadataView {}

/** One public key of the JWKS (RFC 7517 §4); RSA keys carry n and e, EC and OKP keys crv and x (and y). */
export class JwkView {
  @ApiProperty({ enum: ['RSA', 'EC', 'OKP'], example: 'RSA' }) kty: string;
  @ApiProperty({ example: 'pJkqh6oP6-O0' }) kid: string;
  @ApiProperty({ example: 'sig' }) use: string;
  @ApiProperty({ example: 'RS256' }) alg: string;
  @ApiPropertyOptional({ example: 'tPoGNULl3BLrKHeh6Y4' }) n?: string;
  @ApiPropertyOptional({ example: 'AQAB' }) e?: string;
  @ApiPropertyOptional({ example: 'P-256' }) crv?: string;
  @ApiPropertyOptional() x?: string;
  @ApiPropertyOptional() y?: string;
}

export class JwksView {
  @ApiProperty({ type: [JwkView] }) keys: JwkView[];
}
