import { Column, Entity, PrimaryColumn } from 'typeorm';
import { DateTimeColumn } from './columns';

@Entity('users')
export class UserEntity {
  /** Our UUID, or the id an imported user had on its platform (1-64 printable characters). */
  @PrimaryColumn({ type: 'varchar', length: 64 })
  id: string;

  @Column({ type: 'varchar', length: 64, unique: true })
  username: string;

  /** NULL: the user signs in only through delegated login. */
  @Column({ name: 'password_hash', type: 'varchar', length: 255, nullable: true })
  passwordHash: string | null;

  /** How an imported hash is verified (a PasswordSchemes id); NULL: recognised from the hash. */
  @Column({ name: 'password_scheme', type: 'varchar', length: 32, nullable: true })
  passwordScheme: string | null;

  /** The salt a salted legacy digest scheme needs. */
  @Column({ name: 'password_salt', type: 'varchar', length: 255, nullable: true })
  passwordSalt: string | null;

  /** SHA-256 (hex) of the hash string the user was imported with; kept after the re-hash. */
  @Column({ name: 'imported_hash_sha256', type: 'varchar', length: 64, nullable: true })
  importedHashSha256: string | null;

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
