import { Column, Entity, PrimaryColumn } from 'typeorm';
import { DateTimeColumn } from './columns';

export type KeyKind = 'pairwise' | 'sop-platform' | 'signing';

/** Server keys: the pairwise-openid salt, the seed 003 platform RSA key, ID token signing keys. */
@Entity('server_keys')
export class KeyEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 32 })
  kind: KeyKind;

  @Column({ type: 'varchar', length: 16, nullable: true })
  alg: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  kid: string | null;

  @Column({ name: 'public_material', type: 'text', nullable: true })
  publicMaterial: string | null;

  @Column({ name: 'private_material', type: 'text' })
  privateMaterial: string;

  /** Signing keys: "next" = published, signing from activatesAt; "active" = signing; "retired". */
  @Column({ type: 'varchar', length: 16, default: 'active' })
  status: 'next' | 'active' | 'retired';

  @DateTimeColumn({ name: 'created_at' })
  createdAt: Date;

  /** A rotated-in signing key signs from then on (null: from createdAt). */
  @DateTimeColumn({ name: 'activates_at', nullable: true })
  activatesAt?: Date | null;

  @DateTimeColumn({ name: 'retired_at', nullable: true })
  retiredAt: Date | null;

  /** A retired signing key stays in the JWKS until then (null: still signing, or kept for good). */
  @DateTimeColumn({ name: 'published_until', nullable: true })
  publishedUntil?: Date | null;
}
