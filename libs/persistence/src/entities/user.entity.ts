import { Column, Entity, PrimaryColumn } from 'typeorm';
import { DateTimeColumn } from './columns';

@Entity('users')
export class UserEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 64, unique: true })
  username: string;

  @Column({ name: 'password_hash', type: 'varchar', length: 255 })
  passwordHash: string;

  @Column({ name: 'display_name', type: 'varchar', length: 128, nullable: true })
  displayName: string | null;

  /** A flat JSON object of string values (accounts' parseUserAttributes checks it); NULL when there are none. */
  @Column({
    type: 'text',
    nullable: true,
    transformer: {
      to: (value: Record<string, string> | null | undefined) => (value == null ? value : JSON.stringify(value)),
      from: (value: string | null) => (value == null ? null : (JSON.parse(value) as Record<string, string>)),
    },
  })
  attributes: Record<string, string> | null;

  @Column({ name: 'is_admin', type: 'boolean', default: false })
  isAdmin: boolean;

  @Column({ type: 'boolean', default: false })
  disabled: boolean;

  @DateTimeColumn({ name: 'password_changed_at', nullable: true })
  passwordChangedAt: Date | null;

  @DateTimeColumn({ name: 'created_at' })
  createdAt: Date;

  @DateTimeColumn({ name: 'updated_at' })
  updatedAt: Date;
}
