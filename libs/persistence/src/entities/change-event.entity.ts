import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { DateTimeColumn } from './columns';

/**
 * The change feed (ChangeFeed): one row per change to something an instance may hold in a
 * cache (a channel, a user, the scopes, access tokens), written in the same transaction as the
 * change. Every instance reads the rows after the last one it saw and evicts what they name.
 */
@Entity('change_events')
export class ChangeEventEntity {
  @PrimaryGeneratedColumn('increment')
  id: number;

  @Column({ type: 'varchar', length: 16 })
  topic: string;

  /** What changed within the topic (a client_id, a user id), or `*` for everything in it. */
  @Column({ name: 'item', type: 'varchar', length: 191 })
  item: string;

  @Index('idx_change_events_at')
  @DateTimeColumn({ name: 'at' })
  at: Date;
}
