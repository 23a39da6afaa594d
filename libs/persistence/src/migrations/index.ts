import { InitialSchema1763700000000 } from './1763700000000-initial-schema';
import { OpenIdConnect1763800000000 } from './1763800000000-openid-connect';
import { AccessTokenRefreshIndex1763900000000 } from './1763900000000-access-token-refresh-index';
import { UserIdsAndPasswordSchemes1764450000000 } from './1764450000000-user-ids-and-password-schemes';
import { DelegatedLogin1764500000000 } from './1764500000000-delegated-login';
import { SecondFactors1764700000000 } from './1764700000000-second-factors';
import { Passkeys1764750000000 } from './1764750000000-passkeys';

/** In order; each is written against the Table API so that it runs on SQLite and MySQL. */
export const MIGRATIONS = [
  InitialSchema1763700000000,
  OpenIdConnect1763800000000,
  AccessTokenRefreshIndex1763900000000,
  UserIdsAndPasswordSchemes1764450000000,
  DelegatedLogin1764500000000,
  SecondFactors1764700000000,
  Passkeys1764750000000,
];
