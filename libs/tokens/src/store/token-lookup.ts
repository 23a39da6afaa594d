import { Injectable } from '@nestjs/common';
import { sha256Hex } from '@app/common';
import type { AccessTokenEntity, RefreshTokenEntity } from '@app/persistence';
import { isExpired } from '../generators/token-lifetimes';
import { AccessTokens } from './access-tokens.repository';
import { RefreshTokens } from './refresh-tokens.repository';

export type FoundToken =
  | { kind: 'access_token'; row: AccessTokenEntity }
  | { kind: 'refresh_token'; row: RefreshTokenEntity };

/**
 * Finds a token by its value in either table (RFC 7009 §2.1, RFC 7662 §2.1: the hint only
 * says where to look first; an unknown hint is ignored). The value is hashed once.
 */
@Injectable()
export class TokenLookup {
  constructor(private readonly accessTokens: AccessTokens, private readonly refreshTokens: RefreshTokens) {}

  async find(value: string, hint?: string): Promise<FoundToken | null> {
    if (typeof value !== 'string' || value.length === 0 || value.length > 4096) return null;
    const hash = sha256Hex(value);
    const order: FoundToken['kind'][] = hint === 'refresh_token' ? ['refresh_token', 'access_token'] : ['access_token', 'refresh_token'];
    for (const kind of order) {
      if (kind === 'access_token') {
        const row = await this.accessTokens.findByHash(hash);
        if (row) return { kind, row };
      } else {
        const row = await this.refreshTokens.findByHash(hash);
        if (row) return { kind, row };
      }
    }
    return null;
  }
}

/** Usable right now: not revoked, not expired, and (for a refresh token) not yet rotated. */
export function isActive(found: FoundToken, now = new Date()): boolean {
  if (found.row.revokedAt || isExpired(found.row.expiresAt, now)) return false;
  return found.kind === 'access_token' || !found.row.rotatedAt;
}
