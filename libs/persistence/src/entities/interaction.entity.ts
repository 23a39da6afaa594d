import { Column, Entity, PrimaryColumn } from 'typeorm';
import { DateTimeColumn, JsonColumn } from './columns';

/**
 * A pending authorization request (STYLE rule 10): /oauth2/authorize records it and sends the
 * browser to the login or consent page, which finish it. Bound to the browser session.
 */
@Entity('interactions')
export class InteractionEntity {
  /** Unguessable (the transaction id the consent form carries). */
  @PrimaryColumn({ type: 'varchar', length: 64 })
  id: string;

  @Column({ name: 'session_id', type: 'varchar', length: 36, nullable: true })
  sessionId: string | null;

  @Column({ name: 'client_id', type: 'varchar', length: 64 })
  clientId: string;

  @Column({ name: 'user_id', type: 'varchar', length: 64, nullable: true })
  userId: string | null;

  @JsonColumn()
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON
  params: Record<string, any>;

  @DateTimeColumn({ name: 'expires_at' })
  expiresAt: Date;

  @DateTimeColumn({ name: 'created_at' })
  createdAt: Date;
}
