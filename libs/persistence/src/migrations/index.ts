import { InitialSchema1763700000000 } from './1763700000000-initial-schema';
import { OpenIdConnect1763800000000 } from './1763800000000-openid-connect';
import { AccessTokenRefreshIndex1763900000000 } from './1763900000000-access-token-refresh-index';
import { SecretlessRefresh1764100000000 } from './1764100000000-secretless-refresh';
import { CodeDialect1764100000100 } from './1764100000100-code-dialect';
import { sealServerSecrets } from './1764100000200-seal-server-secrets';

/**
 * In order; each is written against the Table API so that it runs on SQLite and MySQL.
 * `keySecret` (KEYS_SECRET, else SESSION_SECRET) is for the migrations that seal server_keys rows.
 */
export function migrationsFor(keySecret?: string) {
  return [
    InitialSchema1763700000000,
    OpenIdConnect1763800000000,
    AccessTokenRefreshIndex1763900000000,
    SecretlessRefresh1764100000000,
    CodeDialect1764100000100,
    sealServerSecrets(keySecret),
  ];
}

/** The list without a secret: for fresh databases (nothing to seal) and for reading the names. */
export const MIGRATIONS = migrationsFor();
