import { Column, Entity, PrimaryColumn } from 'typeorm';
import { DateTimeColumn } from './columns';

@Entity('refresh_tokens')
export class RefreshTokenEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ name: 'token_hash', type: 'varchar', length: 64, unique: true })
  tokenHash: string;

  @Column({ name: 'client_id', type: 'varchar', length: 64 })
  clientId: string;

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

  /** The family: every refresh and access token of one grant share it. */
  @Column({ name: 'grant_id', type: 'varchar', length: 36 })
  grantId: string;

  @Column({ name: 'parent_id', type: 'varchar', length: 36, nullable: true })
  parentId: string | null;

  /** min(absolute expiry of the family, created + idle lifetime); null = never. */
  @DateTimeColumn({ name: 'expires_at', nullable: true })
  expiresAt: Date | null;

  @DateTimeColumn({ name: 'absolute_expires_at', nullable: true })
  absoluteExpiresAt: Date | null;

  @DateTimeColumn({ name: 'auth_time', nullable: true })
  authTime: Date | null;

  /** Set when this token was exchanged for its successor; a second use is reuse. */
  @DateTimeColumn({ name: 'rotated_at', nullable: true })
  rotatedAt: Date | null;

  @DateTimeColumn({ name: 'revoked_at', nullable: true })
  revokedAt: Date | null;

  @DateTimeColumn({ name: 'created_at' })
  createdAt: Date;
}
