import type { Client } from '@app/clients';
import type { AuthorizeContext } from '../authorize-context';
import type { AuthorizeRequest } from '../authorize-request';
import { DialectProfile, STANDARD_PROFILE } from '../dialect-profile';

/** Builders for the checks' unit specs. */
export function fakeClient(overrides: Partial<Client> = {}): Client {
  return {
    id: 'pk-1',
    clientId: 'client-1',
    clientName: 'Acme Reader',
    description: null,
    ownerName: 'Acme Ltd.',
    redirectUris: ['https://app.example/cb'],
    postLogoutRedirectUris: [],
    allowedOrigins: [],
    scopes: ['user_id_read', 'profile'],
    grantTypes: ['authorization_code', 'refresh_token'],
    authMethod: 'client_secret_basic',
    isPublic: false,
    requirePkce: false,
    secretlessRefresh: false,
    status: 'approved',
    accessTokenTtl: null,
    refreshTokenTtl: null,
    codeTtl: null,
    refreshGraceSeconds: 0,
    tokenFormat: 'opaque',
    sopPublicKey: null,
    ...overrides,
  };
}

export function fakeContext(
  request: AuthorizeRequest = {},
  options: { client?: Client | null; profile?: Partial<DialectProfile>; verified?: boolean } = {},
): AuthorizeContext {
  const client = options.client === undefined ? fakeClient() : options.client;
  const verified = options.verified ?? true;
  return {
    request: { clientId: client?.clientId, ...request },
    profile: { ...STANDARD_PROFILE, ...options.profile },
    foundClient: client,
    knownScopes: new Set(['user_id_read', 'profile', 'snsapi_login']),
    ...(verified && client ? { client, redirectUri: client.redirectUris[0], redirectUriProvided: true } : {}),
  };
}

export const S256_CHALLENGE = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM';
