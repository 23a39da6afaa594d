import { isSealed, KeyEncryption } from '@app/common';
import type { MigrationInterface, QueryRunner } from 'typeorm';

const KINDS = ['pairwise', 'sop-platform'];

interface Row {
  id: string;
  kind: string;
  private_material: string;
}

/**
 * Issue 14 #2: the pairwise-subject HMAC secret and the seed-003 platform RSA private key were
 * stored in plain text. This seals the rows an older release wrote, in place, the way the OIDC
 * signing keys are sealed (KeyEncryption under KEYS_SECRET, else SESSION_SECRET, bound to the
 * row id); the services read them sealed from now on. Rows already sealed are left alone, so it
 * is safe to run on any database. It needs the secret, so the migration is built with it
 * (`migrationsFor`); without one it refuses to run over plaintext rows rather than skip them.
 */
export function sealServerSecrets(secret: string | undefined) {
  const encryption = secret ? new KeyEncryption(secret) : undefined;
  return class SealServerSecrets1764100000200 implements MigrationInterface {
    name = 'SealServerSecrets1764100000200';

    async up(q: QueryRunner): Promise<void> {
      for (const row of await rows(q)) {
        if (isSealed(row.private_material)) continue;
        if (!encryption) throw new Error('sealing server_keys needs KEYS_SECRET or SESSION_SECRET');
        await q.query('UPDATE server_keys SET private_material = ? WHERE id = ?', [encryption.seal(row.private_material, row.id), row.id]);
      }
    }

    async down(q: QueryRunner): Promise<void> {
      for (const row of await rows(q)) {
        if (!isSealed(row.private_material)) continue;
        if (!encryption) throw new Error('unsealing server_keys needs KEYS_SECRET or SESSION_SECRET');
        await q.query('UPDATE server_keys SET private_material = ? WHERE id = ?', [encryption.open(row.private_material, row.id), row.id]);
      }
    }
  };
}

async function rows(q: QueryRunner): Promise<Row[]> {
  return q.query(`SELECT id, kind, private_material FROM server_keys WHERE kind IN (${KINDS.map(() => '?').join(', ')})`, KINDS);
}
