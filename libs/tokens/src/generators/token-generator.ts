import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, AppConfig, randomToken, sha256Hex, timeOrderedUuid, TOKEN_PREFIXES } from '@app/common';
import type { AccessTokenEntity, RefreshTokenEntity } from '@app/persistence';
import type { Client } from '@app/clients';
import { ACCESS_TOKEN_FORMATS, AccessTokenFormat } from './access-token-format';
import { expiryAfter, pickTtl, refreshExpiry, secondsUntil } from './token-lifetimes';

export interface TokenGenerationRequest {
  client: Client;
  userId: string | null;
  /** Scopes of the access token. */
  scopes: readonly string[];
  /** Whether the authorization request carried a scope (default true); kept on both rows. */
  scopeRequested?: boolean;
  grantId: string;
  authTime?: Date | null;
  /** RFC 8176 methods of the login, kept on the refresh token for what it later mints. */
  amr?: string[] | null;
  /** RFC 8707 resource the token is for (already checked); default: this server's resource API. */
  audience?: string;
  /** Documented lifetimes of a dialect (seconds, -1 = never). */
  lifetimes?: { accessTokenTtl?: number; refreshTokenTtl?: number };
  /** Mint a refresh token too; `parent` when rotating (the family's expiry carries over). */
  refresh?: {
    scopes: readonly string[];
    parent?: { id: string; absoluteExpiresAt: Date | null };
  };
}

export interface GeneratedToken<E> {
  /** Handed to the client once; never stored. */
  value: string;
  row: E;
  /** Seconds; -1 = never. */
  expiresIn: number;
}

export interface GeneratedTokens {
  access: GeneratedToken<AccessTokenEntity>;
  refresh?: GeneratedToken<RefreshTokenEntity>;
}

/** The audience of this server's resource API (RFC 8707), on every token minted or imported here. */
export function resourceAudience(config: AppConfig): string {
  return `${config.server.issuer}/api`;
}

/**
 * The one place tokens are minted (STYLE rule 3, Spring's OAuth2TokenGenerator): it picks the
 * access token format for the channel and the lifetimes (dialect → channel → server default),
 * and returns the plain values with the rows to store, which hold only SHA-256 hashes.
 * No database writes; a JWT access token is signed with the current key (held in memory).
 */
@Injectable()
export class TokenGenerator {
  private readonly logger = new Logger(TokenGenerator.name);
  private readonly formats: Map<string, AccessTokenFormat>;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(ACCESS_TOKEN_FORMATS) formats: AccessTokenFormat[],
  ) {
    this.formats = new Map(formats.map((f) => [f.format, f]));
  }

  /** The resource server every access token is minted for (RFC 9700 §2.3, RFC 8707). */
  get defaultAudience(): string {
    return resourceAudience(this.config);
  }

  async generate(req: TokenGenerationRequest, now = new Date()): Promise<GeneratedTokens> {
    const refresh = req.refresh ? this.refreshToken(req, now) : undefined;
    return { access: await this.accessToken(req, refresh?.row.id ?? null, now), refresh };
  }

  private async accessToken(req: TokenGenerationRequest, refreshTokenId: string | null, now: Date): Promise<GeneratedToken<AccessTokenEntity>> {
    const ttl = pickTtl(req.lifetimes?.accessTokenTtl, req.client.accessTokenTtl, this.config.tokens.accessTokenTtl);
    const id = timeOrderedUuid(now.getTime());
    const expiresAt = expiryAfter(now, ttl);
    const audience = req.audience ?? this.defaultAudience;
    const value = await this.formatFor(req.client).encode({
      tokenId: id, clientId: req.client.clientId, userId: req.userId, scopes: req.scopes, audience, issuedAt: now, expiresAt,
      authTime: req.authTime ?? null,
    });
    return {
      value,
      expiresIn: secondsUntil(now, expiresAt),
      row: {
        id, tokenHash: sha256Hex(value), clientId: req.client.clientId, userId: req.userId, scope: req.scopes.join(' '),
        scopeRequested: req.scopeRequested ?? true, grantId: req.grantId, refreshTokenId, audience, expiresAt, revokedAt: null, createdAt: now,
      },
    };
  }

  private refreshToken(req: TokenGenerationRequest, now: Date): GeneratedToken<RefreshTokenEntity> {
    const refresh = req.refresh!;
    const ttl = pickTtl(req.lifetimes?.refreshTokenTtl, req.client.refreshTokenTtl, this.config.tokens.refreshTokenTtl);
    const { absoluteExpiresAt, expiresAt } = refreshExpiry(now, ttl, this.config.tokens.refreshIdleTtl, refresh.parent);
    const value = randomToken(TOKEN_PREFIXES.refreshToken);
    return {
      value,
      expiresIn: secondsUntil(now, expiresAt),
      row: {
        id: timeOrderedUuid(now.getTime()), tokenHash: sha256Hex(value), clientId: req.client.clientId, userId: req.userId,
        scope: refresh.scopes.join(' '), scopeRequested: req.scopeRequested ?? true, grantId: req.grantId, parentId: refresh.parent?.id ?? null, expiresAt,
        absoluteExpiresAt, authTime: req.authTime ?? null, amr: req.amr ?? null, rotatedAt: null, revokedAt: null, createdAt: now,
      },
    };
  }

  private formatFor(client: Client): AccessTokenFormat {
    const format = this.formats.get(client.tokenFormat);
    if (format) return format;
    // A channel may be registered with a format this build does not offer: it gets opaque
    // tokens rather than no tokens at all.
    this.logger.warn(`token_format "${client.tokenFormat}" of channel ${client.clientId} is not available; issuing an opaque token`);
    return this.formats.get('opaque')!;
  }
}
