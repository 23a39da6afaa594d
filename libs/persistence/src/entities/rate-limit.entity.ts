import { Column, Entity, PrimaryColumn } from 'typeorm';
import { DateTimeColumn } from './columns';

/** Throttling counters shared by every instance (login, client authentication, registration). */
@Entity('rate_limits')
export class RateLimitEntity {
  @PrimaryColumn({ name: 'bucket', type: 'varchar', length: 191 })
  key: string;

  @Column({ type: 'int' })
  hits: number;

  @DateTimeColumn({ name: 'reset_at' })
  resetAt: Date;
}
