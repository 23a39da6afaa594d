import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';

/** Passkeys (WebAuthn) in user_credentials: type `webauthn`, its facts as JSON in `data`. */
export class Passkeys1764750000000 implements MigrationInterface {
  name = 'Passkeys1764750000000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn('user_credentials', new TableColumn({ name: 'data', type: 'text', isNullable: true }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM user_credentials WHERE type = 'webauthn'`);
    await q.dropColumn('user_credentials', 'data');
  }
}
