import { createPublicKey } from 'node:crypto';
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
  scope?: string | null;
  grant_types?: string[] | null;
  token_endpoint_auth_method?: TokenEndpointAuthMethod | null;
  require_pkce?: boolean | null;
  /** Seed 004 only: set by /client/add and by operators, never by self-registration's JSON. */
  secretless_refresh?: boolean | null;
  post_logout_redirect_uris?: string[] | null;
  /** Exact origins for browser apps (CORS); null = the default (origins of a public client's redirect URIs). */
  allowed_origins?: string[] | null;
  sop_public_key?: string | null;
  access_token_ttl?: number | null;
  refresh_token_ttl?: number | null;
  code_ttl?: number | null;
  refresh_grace_seconds?: number | null;
  token_format?: 'opaque' | 'jwt' | null;
}

export const DEFAULT_SCOPE = 'user_id_read profile';
export const DEFAULT_GRANT_TYPES = ['authorization_code', 'refresh_token'];
export const AUTH_METHODS: readonly TokenEndpointAuthMethod[] = ['client_secret_basic', 'client_secret_post', 'none'];
export const TOKEN_FORMATS = ['opaque', 'jwt'] as const;
export const MAX_REDIRECT_URIS = 20;
/** Column widths (varchar(128)); MySQL refuses longer values, SQLite would keep them. */
export const NAME_MAX = 128;
export const DESCRIPTION_MAX = 2000;
/** OAuth 2.1 §4.1.2: authorization codes live at most 10 minutes. */
export const CODE_TTL_MAX = 600;
const TTL_MAX = 10 * 365 * 86_400;

/** Checks that need more than a DTO decorator; each throws ValidationError naming the field. */
export function checkRedirectUris(uris: unknown, field = 'redirect_uris', allowEmpty = false): string[] {
  if (!Array.isArray(uris) || (!allowEmpty && uris.length === 0)) throw new ValidationError(field, 'must be a non-empty array of URIs');
  if (uris.length > MAX_REDIRECT_URIS) throw new ValidationError(field, `at most ${MAX_REDIRECT_URIS} redirect URIs`);
  return [...new Set(uris.map((u) => validateRedirectUri(u, field)))];
}

export function checkAuthMethod(method: unknown): TokenEndpointAuthMethod {
  if (method === undefined || method === null) return 'client_secret_basic';
  if (!(AUTH_METHODS as readonly unknown[]).includes(method)) {
    throw new ValidationError('token_endpoint_auth_method', `must be one of ${AUTH_METHODS.join(', ')}`);
  }
  return method as TokenEndpointAuthMethod;
}

export function checkGrantTypes(grantTypes: unknown, authMethod: TokenEndpointAuthMethod): string[] {
  if (!Array.isArray(grantTypes) || grantTypes.length === 0) throw new ValidationError('grant_types', 'must be a non-empty array');
  for (const g of grantTypes) {
    if (!(GRANT_TYPES as readonly unknown[]).includes(g)) {
      throw new ValidationError('grant_types', `"${String(g)}" is not supported (use ${GRANT_TYPES.join(', ')})`);
    }
  }
  // OAuth 2.1 §4.2: the client credentials grant is for confidential clients only.
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

/** A required one-line name (client_name): trimmed, 1..max characters. */
export function checkName(field: string, value: unknown, max = NAME_MAX): string {
  if (typeof value !== 'string' || !value.trim()) throw new ValidationError(field, 'must be a non-empty string');
  const name = value.trim();
  if (name.length > max) throw new ValidationError(field, `must be at most ${max} characters`);
  return name;
}

/** An optional free text: null/empty means "none". */
export function checkOptionalText(field: string, value: unknown, max: number): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') throw new ValidationError(field, 'must be a string');
  const text = value.trim();
  if (text.length > max) throw new ValidationError(field, `must be at most ${max} characters`);
  return text || null;
}

export function checkTtl(field: string, value: unknown, allowNever: boolean, max = TTL_MAX): number | null {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'number' || !Number.isInteger(value)) throw new ValidationError(field, 'must be a whole number of seconds');
  if (value === -1 && allowNever) return -1;
  if (value < 1 || value > max) throw new ValidationError(field, `must be between 1 and ${max} seconds${allowNever ? ' (or -1 for never)' : ''}`);
  return value;
}

export function checkCodeTtl(value: unknown): number | null {
  return checkTtl('code_ttl', value, false, CODE_TTL_MAX);
}

export function checkGraceSeconds(value: unknown): number {
  if (value === undefined || value === null) return 0;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 86_400) {
    throw new ValidationError('refresh_grace_seconds', 'must be 0-86400 seconds');
  }
  return value;
}

export function checkTokenFormat(value: unknown): 'opaque' | 'jwt' {
  if (value === undefined || value === null) return 'opaque';
  if (!(TOKEN_FORMATS as readonly unknown[]).includes(value)) throw new ValidationError('token_format', `must be one of ${TOKEN_FORMATS.join(', ')}`);
  return value as 'opaque' | 'jwt';
}

export function checkPublicKey(pem: unknown): string | null {
  if (pem === null || pem === undefined || pem === '') return null;
  if (typeof pem !== 'string' || !/-----BEGIN (RSA )?PUBLIC KEY-----/.test(pem)) {
    throw new ValidationError('sop_public_key', 'must be an RSA public key in PEM form');
  }
  try {
    if (createPublicKey(pem).asymmetricKeyType !== 'rsa') throw new Error('not RSA');
  } catch {
    throw new ValidationError('sop_public_key', 'is not a valid RSA public key');
  }
  return pem;
}
