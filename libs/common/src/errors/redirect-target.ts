/** Where an authorization error may be sent: a redirect_uri already verified for the client. */
export interface RedirectTarget {
  redirectUri: string;
  state?: string;
  iss: string;
  /** Extra parameters a dialect needs on its error redirects (e.g. seed 003's app_id). */
  extra?: Record<string, string>;
}

const TARGET = Symbol('redirectTarget');

export function attachRedirectTarget<E extends Error>(err: E, target: RedirectTarget): E {
  (err as unknown as Record<symbol, RedirectTarget>)[TARGET] = target;
  return err;
}

export function redirectTargetOf(err: unknown): RedirectTarget | undefined {
  return err && typeof err === 'object' ? (err as Record<symbol, RedirectTarget | undefined>)[TARGET] : undefined;
}

/** Appends parameters to a redirect URI, keeping its own query (RFC 6749 §3.1.2). */
export function buildRedirectUrl(redirectUri: string, params: Record<string, string | undefined>): string {
  const url = new URL(redirectUri);
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined) url.searchParams.append(key, value);
  }
  return url.toString();
}
