import { InitialSchema1763700000000 } from './1763700000000-initial-schema';
import { OpenIdConnect1763800000000 } from './1763800000000-openid-connect';
import { AccessTokenRefreshIndex1763900000000 } from './1763900000000-access-token-refresh-index';
import { UserAttributes1764000000000 } from './1764000000000-user-attributes';
import { ScopeRequested1764000000001 } from './1764000000001-scope-requested';
import { Import1764400000000 } from './1764400000000-import';
import { UserIdsAndPasswordSchemes1764450000000 } from './1764450000000-user-ids-and-password-schemes';

/** In order; each is written against the Table API so that it runs on SQLite and MySQL. */
export const MIGRATIONS = [
  InitialSchema1763700000000,
  OpenIdConnect1763800000000,
  AccessTokenRefreshIndex1763900000000,
  UserAttributes1764000000000,
  ScopeRequested1764000000001,
  Import1764400000000,
  UserIdsAndPasswordSchemes1764450000000,
];
