import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { DateTimeColumn } from './columns';

/**
 * A user's second factors (one table, a `type` column, as Keycloak's credentials): a TOTP key
 * (`totp`, its secret sealed), one-time recovery codes (`recovery`, each its SHA-256), and
 * passkeys (`webauthn`: the public key in `secret`, id, counter and transports in `data`).
 */
@Entity('user_credentials')
@Index('idx_user_credentials_user', ['userId', 'type'])
export class UserCredentialEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ name: 'user_id', type: 'varchar', length: 64 })
  userId: string;

  @Column({ type: 'varchar', length: 16 })
  type: 'totp' | 'recovery' | 'webauthn';

  /** TOTP: the sealed secret; recovery: SHA-256 (hex) of the code; passkey: the COSE public key (base64url). */
  @Column({ type: 'text' })
  secret: string;

  /** Passkey: JSON (credential id, signature counter, transports, name, last use). */
  @Column({ type: 'text', nullable: true })
  data: string | null;

  /** TOTP: the last 30-second step a code was accepted for; a code of that step or older is refused. */
  @Column({ name: 'last_step', type: 'bigint', nullable: true, transformer: { to: (v: number | null) => v, from: (v: string | number | null) => (v == null ? null : Number(v)) } })
  lastStep: number | null;

  /** TOTP: set once the user proved the authenticator with a first code; before that it does not count. */
  @DateTimeColumn({ name: 'confirmed_at', nullable: true })
  confirmedAt: Date | null;

  /** Recovery code: when it was used (then it never works again). */
  @DateTimeColumn({ name: 'used_at', nullable: true })
  usedAt: Date | null;

  @DateTimeColumn({ name: 'created_at' })
  createdAt: Date;
}
