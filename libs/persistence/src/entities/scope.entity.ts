import { Column, Entity, PrimaryColumn } from 'typeorm';
import { DateTimeColumn } from './columns';

@Entity('scopes')
export class ScopeEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  name: string;

  @Column({ type: 'text' })
  description: string;

  @Column({ name: 'description_zh', type: 'text', nullable: true })
  descriptionZh: string | null;

  @DateTimeColumn({ name: 'created_at' })
  createdAt: Date;
}
