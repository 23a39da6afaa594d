import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { DateTimeColumn } from './columns';

@Entity('consents')
@Index('uq_consents_user_client', ['userId', 'clientId'], { unique: true })
export class ConsentEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ name: 'user_id', type: 'varchar', length: 64 })
  userId: string;

  @Column({ name: 'client_id', type: 'varchar', length: 64 })
  clientId: string;

  @Column({ type: 'text' })
  scope: string;

  @DateTimeColumn({ name: 'created_at' })
  createdAt: Date;

  @DateTimeColumn({ name: 'updated_at' })
  updatedAt: Date;
}
