import { Column, Entity, PrimaryColumn } from 'typeorm';
import { DateTimeColumn } from './columns';

/** A named lock held by one process at a time, renewed while it works (the importer). */
@Entity('migration_locks')
export class MigrationLockEntity {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  name: string;

  @Column({ type: 'varchar', length: 128 })
  holder: string;

  @DateTimeColumn({ name: 'expires_at' })
  expiresAt: Date;
}
