import { InsufficientScopeError, InvalidTokenError } from '@app/common';

/**
 * RFC 6750 §3: every failure carries `WWW-Authenticate: Bearer realm="gatehouse" …`.
 * Every 401 names `invalid_token` — also when no token was sent (RFC 6750 §3.1 only says an
 * error code SHOULD NOT be sent then; SECURITY-CHECKLIST #38 expects it, and clients that key on
 * it re-authenticate either way); a token without the needed scope names `insufficient_scope`
 * and the scopes that would do.
 */
export const BEARER_REALM = 'gatehouse';

export function bearerChallenge(attrs: Record<string, string> = {}): string {
  const parts = [`realm="${BEARER_REALM}"`, ...Object.entries(attrs).map(([k, v]) => `${k}="${v.replace(/["\\]/g, '')}"`)];
  return `Bearer ${parts.join(', ')}`;
}

export function missingTokenError(): InvalidTokenError {
  const err = new InvalidTokenError('An access token is required (Authorization: Bearer <token>)');
  err.headers['WWW-Authenticate'] = bearerChallenge({ error: 'invalid_token', error_description: err.description });
  return err;
}

export function invalidTokenError(description = 'The access token is invalid, expired or revoked'): InvalidTokenError {
  const err = new InvalidTokenError(description);
  err.headers['WWW-Authenticate'] = bearerChallenge({ error: 'invalid_token', error_description: description });
  return err;
}

export function insufficientScopeError(anyOf: readonly string[], description: string): InsufficientScopeError {
  const err = new InsufficientScopeError(description);
  err.headers['WWW-Authenticate'] = bearerChallenge({ error: 'insufficient_scope', error_description: description, scope: anyOf.join(' ') });
  return err;
}
