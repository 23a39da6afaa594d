import { InitialSchema1763700000000 } from './1763700000000-initial-schema';
import { OpenIdConnect1763800000000 } from './1763800000000-openid-connect';
import { AccessTokenRefreshIndex1763900000000 } from './1763900000000-access-token-refresh-index';
import { UserAttributes1764000000000 } from './1764000000000-user-attributes';
import { ScopeRequested1764000000001 } from './1764000000001-scope-requested';
import { SecretlessRefresh1764100000000 } from './1764100000000-secretless-refresh';
import { CodeDialect1764100000100 } from './1764100000100-code-dialect';
import { sealServerSecrets } from './1764100000200-seal-server-secrets';
import { ClientAllowedOrigins1764300000000 } from './1764300000000-client-allowed-origins';
import { UserBoundScopes1764300000001 } from './1764300000001-user-bound-scopes';
import { SigningKeyActivation1764300000002 } from './1764300000002-signing-key-activation';
import { Import1764400000000 } from './1764400000000-import';
import { UserIdsAndPasswordSchemes1764450000000 } from './1764450000000-user-ids-and-password-schemes';
import { DelegatedLogin1764500000000 } from './1764500000000-delegated-login';
import { ChangeFeed1764600000000 } from './1764600000000-change-feed';
import { PurgeIndexes1764600000100 } from './1764600000100-purge-indexes';
import { SecondFactors1764700000000 } from './1764700000000-second-factors';
import { Passkeys1764750000000 } from './1764750000000-passkeys';

/**
 * In order (by timestamp); each is written against the Table API so that it runs on SQLite and MySQL.
 * `keySecret` (KEYS_SECRET, else SESSION_SECRET) is for the migrations that seal server_keys rows.
 */
export function migrationsFor(keySecret?: string) {
  return [
    InitialSchema1763700000000,
    OpenIdConnect1763800000000,
    AccessTokenRefreshIndex1763900000000,
    UserAttributes1764000000000,
    ScopeRequested1764000000001,
    SecretlessRefresh1764100000000,
    CodeDialect1764100000100,
    sealServerSecrets(keySecret),
    ClientAllowedOrigins1764300000000,
    UserBoundScopes1764300000001,
    SigningKeyActivation1764300000002,
    Import1764400000000,
    UserIdsAndPasswordSchemes1764450000000,
    DelegatedLogin1764500000000,
    ChangeFeed1764600000000,
    PurgeIndexes1764600000100,
    SecondFactors1764700000000,
    Passkeys1764750000000,
  ];
}

/** The list without a secret: for fresh databases (nothing to seal) and for reading the names. */
export const MIGRATIONS = migrationsFor();
