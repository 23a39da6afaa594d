import { Injectable } from '@nestjs/common';
import { sha256Hex } from '@app/common';
import { TokenGenerator } from '../generators/token-generator';
import { isExpired } from '../generators/token-lifetimes';
import { AccessTokens } from '../store/access-tokens.repository';
import { BearerCache } from '../store/bearer-cache';

/** Who is calling with a bearer token: what a resource server needs, never the row itself. */
export interface ValidatedAccessToken {
  tokenId: string;
  clientId: string;
  /** null for client_credentials tokens. */
  userId: string | null;
  scopes: string[];
  /** false when the authorization request carried no scope (seed 002 answers null). */
  scopeRequested: boolean;
  /** null = never expires. */
  expiresAt: Date | null;
  grantId: string | null;
}

/**
 * Bearer token validation for resource servers (RFC 6750 §3, RFC 9700 §2.3): the value is
 * hashed once and looked up by one indexed read; revoked, expired and unknown tokens are null,
 * and so is a token minted for another audience (#37). A row read in the last BEARER_CACHE_MS
 * is reused (BearerCache): a revocation (suspension, reuse detection, RFC 7009) takes effect at
 * the very next request on the instance that made it, and within BEARER_CACHE_MS on the others.
 */
@Injectable()
export class AccessTokenValidator {
  constructor(
    private readonly accessTokens: AccessTokens,
    private readonly generator: TokenGenerator,
    private readonly cache: BearerCache,
  ) {}

  /** `audience` defaults to this server's resource API. */
  async validate(token: string, audience = this.generator.defaultAudience, now = new Date()): Promise<ValidatedAccessToken | null> {
    if (typeof token !== 'string' || token.length === 0 || token.length > 4096) return null;
    const hash = sha256Hex(token);
    let row = this.cache.get(hash);
    if (!row) {
      const stamp = this.cache.stamp();
      row = (await this.accessTokens.findByHash(hash)) ?? undefined;
      if (row) this.cache.remember(hash, row, stamp);
    }
    if (!row || row.revokedAt || isExpired(row.expiresAt, now)) return null;
    if (row.audience !== null && row.audience !== audience) return null;
    return {
      tokenId: row.id,
      clientId: row.clientId,
      userId: row.userId,
      scopes: row.scope.split(' ').filter(Boolean),
      scopeRequested: row.scopeRequested,
      expiresAt: row.expiresAt,
      grantId: row.grantId,
    };
  }
}
