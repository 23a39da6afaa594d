import { Column, Entity, PrimaryColumn } from 'typeorm';
import { DateTimeColumn } from './columns';

@Entity('access_tokens')
export class AccessTokenEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ name: 'token_hash', type: 'varchar', length: 64, unique: true })
  tokenHash: string;

  @Column({ name: 'client_id', type: 'varchar', length: 64 })
  clientId: string;

  /** null for client_credentials tokens (no user). */
  @Column({ name: 'user_id', type: 'varchar', length: 64, nullable: true })
  userId: string | null;

  @Column({ type: 'text' })
  scope: string;

  /**
   * Whether the authorization request carried a `scope` (false: the channel's scopes were used).
   * Seed 002 answers `"scope": null` then, as its document shows; standard answers ignore it.
   */
  @Column({ name: 'scope_requested', type: 'boolean', default: true })
  scopeRequested: boolean;

  @Column({ name: 'grant_id', type: 'varchar', length: 36, nullable: true })
  grantId: string | null;

  @Column({ name: 'refresh_token_id', type: 'varchar', length: 36, nullable: true })
  refreshTokenId: string | null;

  @Column({ type: 'varchar', length: 255, nullable: true })
  audience: string | null;

  /** null = never expires (seed 003 channels with a lifetime of -1). */
  @DateTimeColumn({ name: 'expires_at', nullable: true })
  expiresAt: Date | null;

  @DateTimeColumn({ name: 'revoked_at', nullable: true })
  revokedAt: Date | null;

  @DateTimeColumn({ name: 'created_at' })
  createdAt: Date;
}
