import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';
import { col } from './columns';

/**
 * Seed 004's `POST /oauth2/refresh_token` takes no secret, but only for the channels that
 * integrate through seed 004 (issue 14 #1): `clients.secretless_refresh`, set by `/client/add`
 * or by an operator. Existing channels start without it (an operator turns it on for seed-004
 * channels registered before this release).
 */
export class SecretlessRefresh1764100000000 implements MigrationInterface {
  name = 'SecretlessRefresh1764100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn('clients', new TableColumn(col.bool('secretless_refresh', false)));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('clients', 'secretless_refresh');
  }
}
