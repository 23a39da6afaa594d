import { Column, Entity, PrimaryColumn } from 'typeorm';
import { DateTimeColumn } from './columns';

@Entity('authorization_codes')
export class AuthorizationCodeEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ name: 'code_hash', type: 'varchar', length: 64, unique: true })
  codeHash: string;

  @Column({ name: 'client_id', type: 'varchar', length: 64 })
  clientId: string;

  @Column({ name: 'user_id', type: 'varchar', length: 64 })
  userId: string;

  @Column({ name: 'redirect_uri', type: 'text' })
  redirectUri: string;

  /** Whether redirect_uri was sent at authorize (then it is required at the token step). */
  @Column({ name: 'redirect_uri_provided', type: 'boolean', default: true })
  redirectUriProvided: boolean;

  @Column({ type: 'text' })
  scope: string;

  /**
   * Whether the authorization request carried a `scope` (false: the channel's scopes were used).
   * Seed 002 answers `"scope": null` then, as its document shows; standard answers ignore it.
   */
  @Column({ name: 'scope_requested', type: 'boolean', default: true })
  scopeRequested: boolean;

  @Column({ name: 'code_challenge', type: 'varchar', length: 128, nullable: true })
  codeChallenge: string | null;

  @Column({ name: 'code_challenge_method', type: 'varchar', length: 8, nullable: true })
  codeChallengeMethod: string | null;

  @Column({ type: 'varchar', length: 512, nullable: true })
  nonce: string | null;

  @DateTimeColumn({ name: 'auth_time', nullable: true })
  authTime: Date | null;

  /** The grant (token family) that redeeming this code starts. */
  @Column({ name: 'grant_id', type: 'varchar', length: 36 })
  grantId: string;

  @DateTimeColumn({ name: 'expires_at' })
  expiresAt: Date;

  @DateTimeColumn({ name: 'consumed_at', nullable: true })
  consumedAt: Date | null;

  @DateTimeColumn({ name: 'created_at' })
  createdAt: Date;
}
