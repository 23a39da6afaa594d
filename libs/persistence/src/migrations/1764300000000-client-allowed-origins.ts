import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';
import { col } from './columns';

/**
 * Browser apps (issue 15): the origins a channel's single-page app may call the token,
 * revocation and userinfo endpoints from (CORS). A JSON array of exact origins; NULL = the
 * default, the origins of a public client's redirect URIs.
 */
export class ClientAllowedOrigins1764300000000 implements MigrationInterface {
  name = 'ClientAllowedOrigins1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn('clients', new TableColumn(col.text('allowed_origins', true)));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('clients', 'allowed_origins');
  }
}
