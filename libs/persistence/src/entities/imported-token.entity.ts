import { Column, Entity, PrimaryColumn } from 'typeorm';
import { DateTimeColumn } from './columns';

/** The SHA-256 of a token once imported: the same token is never imported twice. */
@Entity('imported_tokens')
export class ImportedTokenEntity {
  @PrimaryColumn({ name: 'token_hash', type: 'varchar', length: 64 })
  tokenHash: string;

  @Column({ type: 'varchar', length: 16 })
  kind: 'access_token' | 'refresh_token';

  @Column({ name: 'client_id', type: 'varchar', length: 64 })
  clientId: string;

  @DateTimeColumn({ name: 'created_at' })
  createdAt: Date;
}
