import { Column, Entity, PrimaryColumn } from 'typeorm';
import { DateTimeColumn, JsonColumn } from './columns';

export type LoginRequestState = 'pending' | 'accepted' | 'rejected' | 'used';

/**
 * A delegated sign-in in progress (LOGIN_MODE=provider, PRODUCT.md "Delegated login"): the
 * platform-facing challenge and the browser-facing verifier (both stored only as SHA-256), the
 * browser session it is bound to, what the authorize request asked for, and its outcome.
 */
@Entity('login_requests')
export class LoginRequestEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ name: 'challenge_hash', type: 'varchar', length: 64, unique: true })
  challengeHash: string;

  /** Set when the platform accepts or rejects: the hash of the value in redirect_to. */
  @Column({ name: 'verifier_hash', type: 'varchar', length: 64, nullable: true, unique: true })
  verifierHash: string | null;

  /** The browser-session row that started it: only that browser can finish it. */
  @Column({ name: 'session_id', type: 'varchar', length: 36 })
  sessionId: string;

  @Column({ name: 'client_id', type: 'varchar', length: 64 })
  clientId: string;

  @Column({ name: 'requested_scope', type: 'text' })
  requestedScope: string;

  /** The relative authorize URL the browser goes back to after the sign-in. */
  @Column({ name: 'return_to', type: 'text' })
  returnTo: string;

  /** The verified redirect target (redirect_uri, state, dialect profile): a reject still reaches the app. */
  @JsonColumn()
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON
  target: Record<string, any>;

  @Column({ type: 'varchar', length: 64, nullable: true })
  prompt: string | null;

  @Column({ name: 'max_age', type: 'int', nullable: true })
  maxAge: number | null;

  @Column({ name: 'login_hint', type: 'varchar', length: 255, nullable: true })
  loginHint: string | null;

  @Column({ type: 'varchar', length: 16 })
  state: LoginRequestState;

  @Column({ name: 'user_id', type: 'varchar', length: 64, nullable: true })
  userId: string | null;

  /** RFC 8176 values the platform reported (JSON array). */
  @JsonColumn({ type: 'varchar', length: 255, nullable: true })
  amr: string[] | null;

  @Column({ name: 'error_description', type: 'varchar', length: 512, nullable: true })
  errorDescription: string | null;

  @DateTimeColumn({ name: 'expires_at' })
  expiresAt: Date;

  @DateTimeColumn({ name: 'created_at' })
  createdAt: Date;

  @DateTimeColumn({ name: 'updated_at' })
  updatedAt: Date;
}
