/** ID tokens are short-lived proofs of a login (OIDC Core §2: exp), not credentials. */
export const ID_TOKEN_TTL_SECONDS = 600;

/**
 * How long other instances may go on signing with a key after it was retired: they reload the
 * key set at this interval.
 */
export const KEY_CACHE_SECONDS = 30;

export interface RetentionInput {
  retiredAt: Date;
  /** The latest expiry among the JWT access tokens the key signed; undefined when none. */
  latestAccessTokenExpiry?: Date;
  /** One of its JWT access tokens never expires (a channel lifetime of -1). */
  neverExpiring: boolean;
  /** The server's access token lifetime (seconds), for tokens other instances sign meanwhile. */
  accessTokenTtl: number;
}

/**
 * RFC 7517 key rollover: a retired key is still published until every token it signed has
 * expired, so that relying parties verify tokens minted just before a rotation. null = for good.
 */
export function publishedUntil(input: RetentionInput): Date | null {
  if (input.neverExpiring) return null;
  const margin = KEY_CACHE_SECONDS * 1000;
  const latestSigned = input.retiredAt.getTime() + margin + Math.max(ID_TOKEN_TTL_SECONDS, input.accessTokenTtl) * 1000;
  const latestAccessToken = input.latestAccessTokenExpiry ? input.latestAccessTokenExpiry.getTime() + margin : 0;
  return new Date(Math.max(latestSigned, latestAccessToken));
}
