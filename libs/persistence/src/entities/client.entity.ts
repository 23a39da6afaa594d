import { Column, Entity, PrimaryColumn } from 'typeorm';
import { DateTimeColumn, JsonColumn } from './columns';

export type ClientStatus = 'pending' | 'approved' | 'rejected' | 'suspended';
export type TokenEndpointAuthMethod = 'client_secret_basic' | 'client_secret_post' | 'none';

@Entity('clients')
export class ClientEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ name: 'client_id', type: 'varchar', length: 64, unique: true })
  clientId: string;

  /** SHA-256 of the generated secret; null for public clients. */
  @Column({ name: 'secret_hash', type: 'varchar', length: 64, nullable: true })
  secretHash: string | null;

  @Column({ name: 'client_name', type: 'varchar', length: 128 })
  clientName: string;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  /** The registering developer or organization, shown on the consent page. */
  @Column({ name: 'owner_name', type: 'varchar', length: 128, nullable: true })
  ownerName: string | null;

  @JsonColumn({ name: 'redirect_uris' })
  redirectUris: string[];

  @JsonColumn({ name: 'post_logout_redirect_uris' })
  postLogoutRedirectUris: string[];

  /** Exact origins its browser app may call token/revoke/userinfo from (CORS); null = the default. */
  @JsonColumn({ name: 'allowed_origins', nullable: true })
  allowedOrigins: string[] | null;

  /** Space-separated scopes the channel may request. */
  @Column({ type: 'text' })
  scope: string;

  @JsonColumn({ name: 'grant_types' })
  grantTypes: string[];

  @Column({ name: 'token_endpoint_auth_method', type: 'varchar', length: 32 })
  tokenEndpointAuthMethod: TokenEndpointAuthMethod;

  @Column({ name: 'require_pkce', type: 'boolean', default: false })
  requirePkce: boolean;

  /** Seed 004: may refresh at POST /oauth2/refresh_token without its secret (issue 14 #1). */
  @Column({ name: 'secretless_refresh', type: 'boolean', default: false })
  secretlessRefresh: boolean;

  @Column({ type: 'varchar', length: 16 })
  status: ClientStatus;

  /** Per-channel lifetimes in seconds; null = server default; -1 = never expires (seed 003). */
  @Column({ name: 'access_token_ttl', type: 'int', nullable: true })
  accessTokenTtl: number | null;

  @Column({ name: 'refresh_token_ttl', type: 'int', nullable: true })
  refreshTokenTtl: number | null;

  @Column({ name: 'code_ttl', type: 'int', nullable: true })
  codeTtl: number | null;

  /** Seconds an access token keeps working after its refresh token was rotated (seed 003: 600). */
  @Column({ name: 'refresh_grace_seconds', type: 'int', default: 0 })
  refreshGraceSeconds: number;

  @Column({ name: 'token_format', type: 'varchar', length: 8, default: 'opaque' })
  tokenFormat: 'opaque' | 'jwt';

  /** Seed 003: the app's RSA public key (PEM) that verifies its gateway signatures. */
  @Column({ name: 'sop_public_key', type: 'text', nullable: true })
  sopPublicKey: string | null;

  @Column({ name: 'registered_by', type: 'varchar', length: 128, nullable: true })
  registeredBy: string | null;

  @DateTimeColumn({ name: 'created_at' })
  createdAt: Date;

  @DateTimeColumn({ name: 'updated_at' })
  updatedAt: Date;
}
