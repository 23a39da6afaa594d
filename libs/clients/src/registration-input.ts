import { ValidationError } from '@app/common';
import type { TokenEndpointAuthMethod } from '@app/persistence';
import { GRANT_TYPES } from './client.model';
import { validateRedirectUri } from './redirect-uri.policy';

/** RFC 7591 client metadata accepted at registration (and, partly, by PATCH). */
export interface RegistrationInput {
  client_name: string;
  redirect_uris: string[];
  description?: string | null;
  owner_name?: string | null;
  scope?: string;
  grant_types?: string[];
  token_endpoint_auth_method?: TokenEndpointAuthMethod;
  require_pkce?: boolean;
  post_logout_redirect_uris?: string[];
  sop_public_key?: string | null;
  access_token_ttl?: number | null;
  refresh_token_ttl?: number | null;
  code_ttl?: number | null;
  refresh_grace_seconds?: number;
  token_format?: 'opaque' | 'jwt';
}

export const DEFAULT_SCOPE = 'user_id_read profile';
export const DEFAULT_GRANT_TYPES = ['authorization_code', 'refresh_token'];

/** Checks that need more than a DTO decorator; throws ValidationError naming the field. */
export function checkRedirectUris(uris: unknown, field = 'redirect_uris', allowEmpty = false): string[] {
  if (!Array.isArray(uris) || (!allowEmpty && uris.length === 0)) throw new ValidationError(field, 'must be a non-empty array of URIs');
  if (uris.length > 20) throw new ValidationError(field, 'at most 20 redirect URIs');
  return [...new Set(uris.map((u) => validateRedirectUri(u, field)))];
}

export function checkGrantTypes(grantTypes: unknown, authMethod: TokenEndpointAuthMethod): string[] {
  if (!Array.isArray(grantTypes) || grantTypes.length === 0) throw new ValidationError('grant_types', 'must be a non-empty array');
  for (const g of grantTypes) {
    if (!(GRANT_TYPES as readonly string[]).includes(g)) {
      throw new ValidationError('grant_types', `"${g}" is not supported (use ${GRANT_TYPES.join(', ')})`);
    }
  }
  if (authMethod === 'none' && grantTypes.includes('client_credentials')) {
    throw new ValidationError('grant_types', 'client_credentials needs a confidential client (token_endpoint_auth_method other than none)');
  }
  return [...new Set(grantTypes as string[])];
}

export function checkScope(scope: unknown): string[] {
  if (typeof scope !== 'string') throw new ValidationError('scope', 'must be a space-separated string');
  const scopes = [...new Set(scope.split(' ').filter(Boolean))];
  if (scopes.length === 0) throw new ValidationError('scope', 'must name at least one scope');
  return scopes;
}

export function checkTtl(field: string, value: unknown, allowNever: boolean): number | null {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'number' || !Number.isInteger(value)) throw new ValidationError(field, 'must be a whole number of seconds');
  if (value === -1 && allowNever) return -1;
  if (value < 1 || value > 10 * 365 * 86_400) throw new ValidationError(field, `must be between 1 and ${10 * 365 * 86_400} seconds${allowNever ? ' (or -1 for never)' : ''}`);
  return value;
}

export function checkPublicKey(pem: unknown): string | null {
  if (pem === null || pem === undefined || pem === '') return null;
  if (typeof pem !== 'string' || !/-----BEGIN (RSA )?PUBLIC KEY-----/.test(pem)) {
    throw new ValidationError('sop_public_key', 'must be an RSA public key in PEM form');
  }
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { createPublicKey } = require('node:crypto') as typeof import('node:crypto');
    const key = createPublicKey(pem);
    if (key.asymmetricKeyType !== 'rsa') throw new Error('not RSA');
  } catch {
    throw new ValidationError('sop_public_key', 'is not a valid RSA public key');
  }
  return pem;
}
