import { Column, Entity, PrimaryColumn } from 'typeorm';
import { DateTimeColumn } from './columns';

/** The openid a channel knew for a user before the switch (import); read before the pairwise HMAC. */
@Entity('subject_overrides')
export class SubjectOverrideEntity {
  @PrimaryColumn({ name: 'user_id', type: 'varchar', length: 64 })
  userId: string;

  @PrimaryColumn({ name: 'client_id', type: 'varchar', length: 64 })
  clientId: string;

  @Column({ type: 'varchar', length: 255 })
  openid: string;

  @DateTimeColumn({ name: 'created_at' })
  createdAt: Date;
}
