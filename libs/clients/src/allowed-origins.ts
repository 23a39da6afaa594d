import { ValidationError } from '@app/common';

/**
 * Browser apps (PRODUCT.md "Browser apps"; RFC 6454 origins, Fetch standard CORS): the origins
 * whose pages may call the token, revocation and userinfo endpoints.
 * - an origin is exactly `scheme://host[:port]` as browsers send it in `Origin` (lower case, no
 *   default port, no path, no trailing slash); no wildcards;
 * - https, or http only for loopback hosts (as for redirect URIs, RFC 8252 §8.3);
 * - unset (null): the origins of a public client's http(s) redirect URIs; a confidential
 *   client's secret must never be in a browser, so it has none by default.
 */
export const MAX_ALLOWED_ORIGINS = 20;
const LOOPBACK_HOSTS = new Set(['127.0.0.1', '[::1]', 'localhost']);
const FIELD = 'allowed_origins';

export function validateOrigin(value: unknown, field = FIELD): string {
  if (typeof value !== 'string' || value.length === 0) throw new ValidationError(field, 'each origin must be a non-empty string');
  if (value.length > 200) throw new ValidationError(field, 'an origin must be at most 200 characters');
  if (value.includes('*')) throw new ValidationError(field, `"${value}" must not contain a wildcard (list each origin)`);
  if (/[^\x21-\x7e]/.test(value)) throw new ValidationError(field, `"${value}" must contain only printable ASCII (punycode for IDNs)`);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ValidationError(field, `"${value}" is not an origin (scheme://host[:port])`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new ValidationError(field, `"${value}" must use https (or http for loopback)`);
  if (url.protocol === 'http:' && !LOOPBACK_HOSTS.has(url.hostname)) {
    throw new ValidationError(field, `"${value}" must use https (http is allowed only for loopback addresses)`);
  }
  if (url.username || url.password) throw new ValidationError(field, `"${value}" must not contain user information`);
  if (url.origin !== value) {
    const hint = url.pathname === '/' && !url.search && !url.hash ? ` (write it as "${url.origin}")` : ' (no path, query or fragment)';
    throw new ValidationError(field, `"${value}" is not an exact origin scheme://host[:port]${hint}`);
  }
  return value;
}

/** null/undefined = use the default; [] = no browser access. */
export function checkAllowedOrigins(value: unknown): string[] | null {
  if (value === undefined || value === null) return null;
  if (!Array.isArray(value)) throw new ValidationError(FIELD, 'must be an array of origins, or null for the default');
  if (value.length > MAX_ALLOWED_ORIGINS) throw new ValidationError(FIELD, `at most ${MAX_ALLOWED_ORIGINS} origins`);
  return [...new Set(value.map((v) => validateOrigin(v)))];
}

/** The default: the origins of a public client's http(s) redirect URIs (none for a confidential one). */
export function defaultOrigins(redirectUris: readonly string[], isPublic: boolean): string[] {
  if (!isPublic) return [];
  const origins = new Set<string>();
  for (const uri of redirectUris) {
    try {
      const url = new URL(uri);
      if (url.protocol === 'https:' || url.protocol === 'http:') origins.add(url.origin);
    } catch {
      // registered URIs are validated; nothing to add for one that is not a URL
    }
  }
  return [...origins];
}

export function effectiveOrigins(stored: readonly string[] | null | undefined, redirectUris: readonly string[], isPublic: boolean): string[] {
  return stored ? [...stored] : defaultOrigins(redirectUris, isPublic);
}
