/**
 * How an access token's value is produced (Spring's OAuth2TokenGenerator delegates, one per
 * format). Opaque tokens today; a JWT format (RFC 9068) plugs in here later without touching
 * the grants: whatever the format, only the SHA-256 of the value is stored.
 */
export interface AccessTokenClaims {
  tokenId: string;
  clientId: string;
  userId: string | null;
  scopes: readonly string[];
  audience: string;
  issuedAt: Date;
  expiresAt: Date | null;
}

export interface AccessTokenFormat {
  /** The channel's `token_format` this strategy serves. */
  readonly format: string;
  encode(claims: AccessTokenClaims): string;
}

/** Multi-provider token: every AccessTokenFormat registered with the module. */
export const ACCESS_TOKEN_FORMATS = Symbol('ACCESS_TOKEN_FORMATS');
