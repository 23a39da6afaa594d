import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { DateTimeColumn, JsonColumn } from './columns';

@Entity('audit_events')
export class AuditEventEntity {
  @PrimaryGeneratedColumn('increment')
  id: number;

  @DateTimeColumn()
  at: Date;

  @Column({ type: 'varchar', length: 128 })
  actor: string;

  @Column({ type: 'varchar', length: 64 })
  action: string;

  @Column({ name: 'target_type', type: 'varchar', length: 32, nullable: true })
  targetType: string | null;

  @Column({ name: 'target_id', type: 'varchar', length: 64, nullable: true })
  targetId: string | null;

  @Column({ type: 'text', nullable: true })
  reason: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  ip: string | null;

  @JsonColumn({ nullable: true })
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON
  details: Record<string, any> | null;
}
