import { InvalidClientRedirectError, singleParams } from '@app/common';

/**
 * OpenID Connect RP-Initiated Logout 1.0 §2: the logout request's parameters, each at most
 * once (a repeated one is refused, never guessed at). `confirm` and `_csrf` come only from
 * this server's own confirmation form.
 */
export interface EndSessionParams {
  idTokenHint?: string;
  clientId?: string;
  postLogoutRedirectUri?: string;
  state?: string;
  /** The confirmation form was submitted (its CSRF token must then be valid). */
  confirmed: boolean;
  csrf?: string;
}

/** Bounds that keep a hostile value from reaching the JWS parser or the database. */
const MAX_HINT = 8192;
const MAX_VALUE = 2048;

export function readEndSessionParams(source: unknown): EndSessionParams {
  const p = singleParams(source as Record<string, unknown> | undefined, (msg) => new InvalidClientRedirectError(msg));
  for (const [name, max] of [['id_token_hint', MAX_HINT], ['client_id', 64], ['post_logout_redirect_uri', MAX_VALUE], ['state', MAX_VALUE]] as const) {
    if (p[name] !== undefined && p[name].length > max) throw new InvalidClientRedirectError(`Parameter "${name}" is too long`);
  }
  return {
    idTokenHint: p.id_token_hint,
    clientId: p.client_id,
    postLogoutRedirectUri: p.post_logout_redirect_uri,
    state: p.state,
    confirmed: p.confirm === 'yes',
    csrf: p._csrf,
  };
}

/** §3: the registered URI with `state` added to its query (whatever query it already has is kept). */
export function postLogoutLocation(registeredUri: string, state: string | undefined): string {
  const url = new URL(registeredUri);
  if (state !== undefined) url.searchParams.append('state', state);
  return url.href;
}

/** The client an ID Token was issued to: its single `aud`, or `azp` when it names several (OIDC Core §2). */
export function hintAudience(aud: unknown, azp: unknown): string[] {
  if (typeof aud === 'string') return [aud];
  if (Array.isArray(aud)) return aud.filter((a): a is string => typeof a === 'string');
  return typeof azp === 'string' ? [azp] : [];
}
