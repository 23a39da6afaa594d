import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig, sha256Hex, timeOrderedUuid, ValidationError } from '@app/common';
import { AccessTokenEntity, findRowBy, findRowsMatching, ImportedTokenEntity, insertRow, insertRows, RefreshTokenEntity } from '@app/persistence';
import { resourceAudience } from '../generators/token-generator';

/** Tokens an app holds today on the platform Gatehouse replaces (a `grant` line). */
export interface ImportedTokens {
  userId: string;
  clientId: string;
  scopes: readonly string[];
  refreshToken?: { value: string; expiresAt: Date | null };
  accessToken?: { value: string; expiresAt: Date | null };
}

export const IMPORTED_TOKEN_MAX = 4096;

/**
 * Stores imported tokens as tokens issued here: only their SHA-256, in one family (grant id), the
 * access token tied to the refresh token so that the first refresh rotates from the imported one
 * and retires its access token as any rotation does; their ids are time-ordered (UUIDv7: a
 * million imported grants append to the id indexes). A null expiry never expires. The hash of
 * every imported token is remembered (imported_tokens): importing the same file again never
 * brings back a token that was rotated, revoked or purged since.
 */
@Injectable()
export class TokenImport {
  private readonly audience: string;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.audience = resourceAudience(config);
  }

  /** How many of the line's tokens were stored now (0: all were imported before). */
  async apply(t: ImportedTokens, m: EntityManager): Promise<number> {
    const now = new Date();
    const grantId = timeOrderedUuid();
    let stored = 0;
    let refreshId: string | null = null;
    const { refreshToken, accessToken } = t;
    if (refreshToken) {
      const tokenHash = sha256Hex(refreshToken.value);
      const known = await this.remember(tokenHash, 'refresh_token', t, m, now);
      if (!known) {
        const id = timeOrderedUuid();
        refreshId = id;
        await insertOrRefuse('refresh_token', () => insertRow(m, RefreshTokenEntity, this.refreshRow(id, tokenHash, grantId, t, refreshToken.expiresAt, now)));
        stored++;
      }
    }
    if (accessToken) {
      const tokenHash = sha256Hex(accessToken.value);
      const known = await this.remember(tokenHash, 'access_token', t, m, now);
      if (!known) {
        await insertOrRefuse('access_token', () => insertRow(m, AccessTokenEntity, this.accessRow(tokenHash, grantId, refreshId, t, accessToken.expiresAt, now)));
        stored++;
      }
    }
    return stored;
  }

  /**
   * `apply` for several lines at once (the importer's batches): one read of the imported-token
   * records, then one multi-row INSERT per table. No token value may appear twice among them;
   * when any of them would fail (a token imported for another channel or as another kind, or one
   * this server issued), this throws and the caller writes them one by one.
   */
  async applyMany(lines: readonly ImportedTokens[], m: EntityManager): Promise<number[]> {
    const now = new Date();
    const hashed = lines.map((t) => ({ refresh: t.refreshToken && sha256Hex(t.refreshToken.value), access: t.accessToken && sha256Hex(t.accessToken.value) }));
    const wanted = hashed.flatMap((h) => [h.refresh, h.access]).filter((h): h is string => !!h).map((tokenHash) => ({ tokenHash }));
    const seen = new Map((await findRowsMatching(m, ImportedTokenEntity, wanted)).map((r) => [r.tokenHash, r]));
    const records: ImportedTokenEntity[] = [];
    const refreshRows: RefreshTokenEntity[] = [];
    const accessRows: AccessTokenEntity[] = [];
    const stored = lines.map((t, i) => {
      const isNew = (tokenHash: string, kind: ImportedTokenEntity['kind']) => {
        const before = seen.get(tokenHash);
        if (before) {
          if (before.kind !== kind || before.clientId !== t.clientId) throw new ValidationError(kind, 'was imported before for another channel or as another kind of token');
          return false;
        }
        records.push({ tokenHash, kind, clientId: t.clientId, createdAt: now } as ImportedTokenEntity);
        return true;
      };
      const grantId = timeOrderedUuid();
      let count = 0;
      let refreshId: string | null = null;
      const { refresh, access } = hashed[i];
      if (t.refreshToken && refresh && isNew(refresh, 'refresh_token')) {
        refreshId = timeOrderedUuid();
        refreshRows.push(this.refreshRow(refreshId, refresh, grantId, t, t.refreshToken.expiresAt, now));
        count++;
      }
      if (t.accessToken && access && isNew(access, 'access_token')) {
        accessRows.push(this.accessRow(access, grantId, refreshId, t, t.accessToken.expiresAt, now));
        count++;
      }
      return count;
    });
    await insertRows(m, ImportedTokenEntity, records);
    await insertRows(m, RefreshTokenEntity, refreshRows);
    await insertRows(m, AccessTokenEntity, accessRows);
    return stored;
  }

  private refreshRow(id: string, tokenHash: string, grantId: string, t: ImportedTokens, expiresAt: Date | null, now: Date): RefreshTokenEntity {
    return {
      id, tokenHash, clientId: t.clientId, userId: t.userId, scope: t.scopes.join(' '), grantId, parentId: null,
      expiresAt, absoluteExpiresAt: expiresAt, authTime: null, amr: null, rotatedAt: null, scopeRequested: true,
      revokedAt: null, createdAt: now,
    } as RefreshTokenEntity;
  }

  private accessRow(tokenHash: string, grantId: string, refreshTokenId: string | null, t: ImportedTokens, expiresAt: Date | null, now: Date): AccessTokenEntity {
    return {
      id: timeOrderedUuid(), tokenHash, clientId: t.clientId, userId: t.userId, scope: t.scopes.join(' '), grantId,
      refreshTokenId, audience: this.audience, expiresAt, revokedAt: null, scopeRequested: true, createdAt: now,
    } as AccessTokenEntity;
  }

  /** True when the token was imported before (by any line); else records it. */
  private async remember(tokenHash: string, kind: ImportedTokenEntity['kind'], t: ImportedTokens, m: EntityManager, now: Date): Promise<boolean> {
    const seen = await findRowBy(m, ImportedTokenEntity, { tokenHash });
    if (seen) {
      if (seen.kind !== kind || seen.clientId !== t.clientId) throw new ValidationError(kind, 'was imported before for another channel or as another kind of token');
      return true;
    }
    await insertRow(m, ImportedTokenEntity, { tokenHash, kind, clientId: t.clientId, createdAt: now });
    return false;
  }
}

/** The unique token_hash index refuses a token this server issued itself: a line error, not a crash. */
async function insertOrRefuse(field: 'refresh_token' | 'access_token', insert: () => Promise<void>): Promise<void> {
  try {
    await insert();
  } catch (err) {
    const e = err as { code?: string; driverError?: { code?: string } };
    if ([e?.code, e?.driverError?.code].some((c) => c === 'ER_DUP_ENTRY' || (c ?? '').startsWith('SQLITE_CONSTRAINT'))) {
      throw new ValidationError(field, 'is a token this server issued');
    }
    throw err;
  }
}
