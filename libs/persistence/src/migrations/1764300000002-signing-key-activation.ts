import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';
import { col } from './columns';

/**
 * Key rotation that never breaks a verifier (issue 15): a new signing key is published first
 * (status "next") and signs only from `activates_at`, after clients' cached JWKS copies expired.
 * NULL for keys that signed from their creation.
 */
export class SigningKeyActivation1764300000002 implements MigrationInterface {
  name = 'SigningKeyActivation1764300000002';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn('server_keys', new TableColumn(col.time('activates_at', true)));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('server_keys', 'activates_at');
  }
}
