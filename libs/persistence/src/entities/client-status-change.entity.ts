import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { DateTimeColumn } from './columns';

@Entity('client_status_changes')
@Index('idx_client_status_changes_client', ['clientPk', 'at'])
export class ClientStatusChangeEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ name: 'client_pk', type: 'varchar', length: 36 })
  clientPk: string;

  @Column({ name: 'from_status', type: 'varchar', length: 16, nullable: true })
  fromStatus: string | null;

  @Column({ name: 'to_status', type: 'varchar', length: 16 })
  toStatus: string;

  @Column({ type: 'varchar', length: 128 })
  actor: string;

  @Column({ type: 'text', nullable: true })
  reason: string | null;

  @DateTimeColumn()
  at: Date;
}
