/**
 * How an access token's value is produced (Spring's OAuth2TokenGenerator delegates, one per
 * format): opaque, or a signed JWT (RFC 9068). Whatever the format, only the SHA-256 of the
 * value is stored, so validation, introspection and revocation never depend on it.
 */
export interface AccessTokenClaims {
  tokenId: string;
  clientId: string;
  userId: string | null;
  scopes: readonly string[];
  audience: string;
  issuedAt: Date;
  expiresAt: Date | null;
  /** When the user authenticated, when known (RFC 9068 §2.2.1 auth_time). */
  authTime: Date | null;
}

export interface AccessTokenFormat {
  /** The channel's `token_format` this strategy serves. */
  readonly format: string;
  encode(claims: AccessTokenClaims): string | Promise<string>;
}

/** Multi-provider token: every AccessTokenFormat registered with the module. */
export const ACCESS_TOKEN_FORMATS = Symbol('ACCESS_TOKEN_FORMATS');
