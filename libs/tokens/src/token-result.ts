/** What a grant produces, independent of the HTTP shape (the seed dialects map it to theirs). */
export interface TokenResult {
  accessToken: string;
  tokenType: 'Bearer';
  /** Seconds; -1 = never expires. */
  expiresIn: number;
  refreshToken?: string;
  /** Seconds until the refresh token expires if unused; -1 = never. */
  refreshExpiresIn?: number;
  scope: string[];
  /** false when the authorization request (and any refresh since) carried no scope: seed 002 answers null. */
  scopeRequested: boolean;
  /** Absent for client_credentials tokens. */
  userId?: string;
  clientId: string;
  /** The token family: every token minted from one code (and its refreshes) shares it. */
  grantId: string;
  /** OIDC Core §3.1.3.3: when the code was issued for the openid scope. */
  idToken?: string;
}

/** What a caller of TokenService.exchange may change, for the dialects that document otherwise. */
export interface ExchangeOptions {
  /** A documented access token lifetime (seconds, -1 = never) in place of the channel's or the server's. */
  accessTokenTtl?: number;
  /** A documented refresh token lifetime (seconds, -1 = never). */
  refreshTokenTtl?: number;
  /**
   * Seeds whose token step carries no redirect_uri (000, 001): an omitted redirect_uri is
   * accepted; one that is sent must still equal the one used at authorize.
   */
  redirectUriOptional?: boolean;
  /**
   * Seed 003: how long (seconds) a rotated refresh token's access tokens keep working when the
   * channel set no refresh_grace_seconds of its own (0). Bounded by the caller; unset: 0.
   */
  defaultRefreshGraceSeconds?: number;
  /** The caller's address, for the audit log. */
  ip?: string | null;
}

export const NEVER_EXPIRES = -1;
