import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { col } from './columns';

/** Second factors: TOTP keys and recovery codes (UserCredentialEntity). */
export class SecondFactors1764700000000 implements MigrationInterface {
  name = 'SecondFactors1764700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(new Table({
      name: 'user_credentials',
      columns: [
        col.id(), col.str('user_id', 64), col.str('type', 16), col.text('secret'),
        { name: 'last_step', type: 'bigint', isNullable: true }, col.time('confirmed_at', true), col.time('used_at', true), col.time('created_at'),
      ],
      indices: [{ name: 'idx_user_credentials_user', columnNames: ['user_id', 'type'] }],
    }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('user_credentials');
  }
}
