import { Column, Entity, PrimaryColumn } from 'typeorm';
import { DateTimeColumn, JsonColumn } from './columns';

export type SessionKind = 'browser' | 'admin_api';

/** Login sessions (browser cookie) and admin API bearer sessions; only the id's hash is stored. */
@Entity('sessions')
export class SessionEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ name: 'sid_hash', type: 'varchar', length: 64, unique: true })
  sidHash: string;

  @Column({ type: 'varchar', length: 16 })
  kind: SessionKind;

  @Column({ name: 'user_id', type: 'varchar', length: 64, nullable: true })
  userId: string | null;

  @Column({ name: 'csrf_token', type: 'varchar', length: 64 })
  csrfToken: string;

  @DateTimeColumn({ name: 'auth_time', nullable: true })
  authTime: Date | null;

  @JsonColumn({ nullable: true })
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON
  data: Record<string, any> | null;

  @DateTimeColumn({ name: 'expires_at' })
  expiresAt: Date;

  @DateTimeColumn({ name: 'created_at' })
  createdAt: Date;

  @DateTimeColumn({ name: 'updated_at' })
  updatedAt: Date;
}
