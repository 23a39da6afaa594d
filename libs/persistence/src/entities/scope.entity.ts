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

  /** Describes a user (reads their data, signs them in): never granted to a token without one. */
  @Column({ name: 'user_bound', type: 'boolean', default: false })
  userBound: boolean;

  @DateTimeColumn({ name: 'created_at' })
  createdAt: Date;
}
