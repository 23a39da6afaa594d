import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AccessTokenEntity, RefreshTokenEntity } from '@app/persistence';
import { BearerCache } from './bearer-cache';

/**
 * Revocation of many tokens at once, on both tables, inside the caller's transaction so that
 * the revocation commits with what caused it (a code reuse, a suspension, a removed grant).
 * Rows are marked, not deleted: introspection then answers active:false and the audit trail
 * keeps the family.
 */
@Injectable()
export class TokenRevoker {
  constructor(private readonly bearerCache: BearerCache) {}

  /** Every refresh and access token of one grant (RFC 9700 §4.14.2, OAuth 2.1 §4.1.3). */
  revokeFamily(grantId: string, manager: EntityManager, now = new Date()): Promise<void> {
    return this.revokeWhere(manager, 'grant_id = :grantId', { grantId }, now);
  }

  /** Every token of a channel (suspension). */
  revokeForClient(clientId: string, manager: EntityManager, now = new Date()): Promise<void> {
    return this.revokeWhere(manager, 'client_id = :clientId', { clientId }, now);
  }

  /** Every token of a user (password change, account disabled). */
  revokeForUser(userId: string, manager: EntityManager, now = new Date()): Promise<void> {
    return this.revokeWhere(manager, 'user_id = :userId', { userId }, now);
  }

  /** Every token a user granted one channel (consent revoked). */
  revokeForUserAndClient(userId: string, clientId: string, manager: EntityManager, now = new Date()): Promise<void> {
    return this.revokeWhere(manager, 'user_id = :userId AND client_id = :clientId', { userId, clientId }, now);
  }

  private async revokeWhere(manager: EntityManager, condition: string, params: Record<string, string>, now: Date): Promise<void> {
    // Same order everywhere (refresh, then access) so concurrent revocations cannot deadlock.
    await manager.createQueryBuilder().update(RefreshTokenEntity).set({ revokedAt: now })
      .where(`${condition} AND revoked_at IS NULL`, params).execute();
    await this.bearerCache.revoking(manager, () => manager.createQueryBuilder().update(AccessTokenEntity).set({ revokedAt: now })
      .where(`${condition} AND revoked_at IS NULL`, params).execute());
  }
}
