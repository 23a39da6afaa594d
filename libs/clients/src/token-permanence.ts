/** A lifetime of -1 seconds: the token never expires (seed 003's documented "永久有效"). */
export const NEVER_EXPIRES_TTL = -1;

/** The lifetime fields of a channel (seconds; -1 = never; null = not set by an operator). */
export interface ChannelLifetimes {
  accessTokenTtl: number | null;
  refreshTokenTtl: number | null;
  sopPublicKey: string | null;
}

/**
 * Seed 003 (SOP): the document says app_auth_token never expires. On the SOP gateway a channel
 * without lifetimes of its own therefore gets permanent tokens; a lifetime an operator set
 * (admin PATCH access_token_ttl / refresh_token_ttl, finite or -1) still wins. Every other
 * route keeps the usual order (channel, then server default).
 */
export function sopGatewayLifetimes(c: Pick<ChannelLifetimes, 'accessTokenTtl' | 'refreshTokenTtl'>): { accessTokenTtl: number; refreshTokenTtl: number } {
  return { accessTokenTtl: c.accessTokenTtl ?? NEVER_EXPIRES_TTL, refreshTokenTtl: c.refreshTokenTtl ?? NEVER_EXPIRES_TTL };
}

/**
 * Where a channel's tokens never expire, for the console's badge: `everywhere` when an operator
 * set a lifetime of -1, `sop_gateway` when the channel can use the SOP gateway (it has a
 * sop_public_key) and left a lifetime unset; null when every token it gets expires.
 */
export function neverExpiringTokens(c: ChannelLifetimes): 'everywhere' | 'sop_gateway' | null {
  if (c.accessTokenTtl === NEVER_EXPIRES_TTL || c.refreshTokenTtl === NEVER_EXPIRES_TTL) return 'everywhere';
  if (c.sopPublicKey && (c.accessTokenTtl === null || c.refreshTokenTtl === null)) return 'sop_gateway';
  return null;
}
