import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { ClientEntity, ClientStatus, TokenEndpointAuthMethod } from '@app/persistence';
import { effectiveOrigins } from './allowed-origins';

export type { ClientStatus, TokenEndpointAuthMethod };
export const GRANT_TYPES = ['authorization_code', 'refresh_token', 'client_credentials'] as const;
export type GrantType = (typeof GRANT_TYPES)[number];

/** A channel as the protocol code sees it: read-only, no secret hash. */
export interface Client {
  readonly id: string;
  readonly clientId: string;
  readonly clientName: string;
  readonly description: string | null;
  readonly ownerName: string | null;
  readonly redirectUris: readonly string[];
  readonly postLogoutRedirectUris: readonly string[];
  /** Origins whose browser pages may call token, revoke and userinfo (CORS); the default applied. */
  readonly allowedOrigins: readonly string[];
  readonly scopes: readonly string[];
  readonly grantTypes: readonly string[];
  readonly authMethod: TokenEndpointAuthMethod;
  readonly isPublic: boolean;
  readonly requirePkce: boolean;
  /** Seed 004's refresh route may skip the secret for this channel (set by /client/add or an operator). */
  readonly secretlessRefresh: boolean;
  readonly status: ClientStatus;
  /** seconds; -1 = never expires */
  readonly accessTokenTtl: number | null;
  readonly refreshTokenTtl: number | null;
  readonly codeTtl: number | null;
  readonly refreshGraceSeconds: number;
  readonly tokenFormat: 'opaque' | 'jwt';
  readonly sopPublicKey: string | null;
}

export function toClient(e: ClientEntity): Client {
  return Object.freeze({
    id: e.id,
    clientId: e.clientId,
    clientName: e.clientName,
    description: e.description,
    ownerName: e.ownerName,
    redirectUris: Object.freeze([...e.redirectUris]),
    postLogoutRedirectUris: Object.freeze([...(e.postLogoutRedirectUris ?? [])]),
    allowedOrigins: Object.freeze(effectiveOrigins(e.allowedOrigins, e.redirectUris, e.tokenEndpointAuthMethod === 'none')),
    scopes: Object.freeze(e.scope.split(' ').filter(Boolean)),
    grantTypes: Object.freeze([...e.grantTypes]),
    authMethod: e.tokenEndpointAuthMethod,
    isPublic: e.tokenEndpointAuthMethod === 'none',
    requirePkce: e.requirePkce || e.tokenEndpointAuthMethod === 'none',
    secretlessRefresh: e.secretlessRefresh === true,
    status: e.status,
    accessTokenTtl: e.accessTokenTtl,
    refreshTokenTtl: e.refreshTokenTtl,
    codeTtl: e.codeTtl,
    refreshGraceSeconds: e.refreshGraceSeconds,
    tokenFormat: e.tokenFormat,
    sopPublicKey: e.sopPublicKey,
  });
}

/** A channel as the JSON APIs show it (RFC 7591 field names). */
export class ClientView {
  @ApiProperty({ example: '5f0c2a9e8b7d4c1a2e3f4b5c' }) client_id: string;
  @ApiProperty({ example: 'Acme Reader' }) client_name: string;
  @ApiPropertyOptional({ type: String, nullable: true }) description: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, example: 'Acme Ltd.' }) owner_name: string | null;
  @ApiProperty({ example: ['https://acme.example/cb'] }) redirect_uris: string[];
  @ApiProperty({ example: [] }) post_logout_redirect_uris: string[];
  @ApiProperty({
    example: ['https://spa.acme.example'],
    description: 'Origins whose browser pages may call /oauth2/token, /oauth2/revoke and /oauth2/userinfo (CORS). '
      + 'Unless set, the origins of a public client\'s redirect URIs (none for a confidential client).',
  }) allowed_origins: string[];
  @ApiProperty({ description: 'true when allowed_origins is the default (not set explicitly)' }) allowed_origins_default: boolean;
  @ApiProperty({ example: 'user_id_read profile' }) scope: string;
  @ApiProperty({ example: ['authorization_code', 'refresh_token'] }) grant_types: string[];
  @ApiProperty({ enum: ['client_secret_basic', 'client_secret_post', 'none'] }) token_endpoint_auth_method: TokenEndpointAuthMethod;
  @ApiProperty() require_pkce: boolean;
  @ApiProperty({ description: 'Seed 004: POST /oauth2/refresh_token accepts this channel\'s refresh tokens without its secret (set by /client/add; an operator may change it)' })
  secretless_refresh: boolean;
  @ApiProperty({ enum: ['pending', 'approved', 'rejected', 'suspended'] }) status: ClientStatus;
  @ApiPropertyOptional({ type: 'integer', nullable: true, description: 'seconds; -1 = never expires; null = server default' }) access_token_ttl: number | null;
  @ApiPropertyOptional({ type: 'integer', nullable: true }) refresh_token_ttl: number | null;
  @ApiPropertyOptional({ type: 'integer', nullable: true }) code_ttl: number | null;
  @ApiProperty() refresh_grace_seconds: number;
  @ApiProperty({ enum: ['opaque', 'jwt'] }) token_format: 'opaque' | 'jwt';
  @ApiPropertyOptional({ type: String, nullable: true, description: 'Seed 003: the app RSA public key (PEM)' }) sop_public_key: string | null;
  @ApiProperty() created_at: string;
  @ApiProperty() updated_at: string;

  static from(e: ClientEntity): ClientView {
    return Object.assign(new ClientView(), {
      client_id: e.clientId,
      client_name: e.clientName,
      description: e.description,
      owner_name: e.ownerName,
      redirect_uris: e.redirectUris,
      post_logout_redirect_uris: e.postLogoutRedirectUris ?? [],
      allowed_origins: effectiveOrigins(e.allowedOrigins, e.redirectUris, e.tokenEndpointAuthMethod === 'none'),
      allowed_origins_default: e.allowedOrigins == null,
      scope: e.scope,
      grant_types: e.grantTypes,
      token_endpoint_auth_method: e.tokenEndpointAuthMethod,
      require_pkce: e.requirePkce || e.tokenEndpointAuthMethod === 'none',
      secretless_refresh: e.secretlessRefresh === true,
      status: e.status,
      access_token_ttl: e.accessTokenTtl,
      refresh_token_ttl: e.refreshTokenTtl,
      code_ttl: e.codeTtl,
      refresh_grace_seconds: e.refreshGraceSeconds,
      token_format: e.tokenFormat,
      sop_public_key: e.sopPublicKey,
      created_at: e.createdAt.toISOString(),
      updated_at: e.updatedAt.toISOString(),
    });
  }
}

export interface StatusChangeView {
  from: string | null;
  to: string;
  actor: string;
  reason: string | null;
  at: string;
}
