import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { findRowBy, insertRow, RefreshTokenEntity } from '@app/persistence';

/** The refresh_tokens table, through intent-named operations only (STYLE rule 7). */
@Injectable()
export class RefreshTokens {
  constructor(@InjectRepository(RefreshTokenEntity) private readonly tokens: Repository<RefreshTokenEntity>) {}

  async insert(row: RefreshTokenEntity, manager: EntityManager): Promise<void> {
    await insertRow(manager, RefreshTokenEntity, row);
  }

  /** One indexed read (unique token_hash). */
  findByHash(tokenHash: string): Promise<RefreshTokenEntity | null> {
    return findRowBy(this.tokens.manager, RefreshTokenEntity, { tokenHash });
  }

  findById(id: string, manager: EntityManager): Promise<RefreshTokenEntity | null> {
    return findRowBy(manager, RefreshTokenEntity, { id });
  }

  /**
   * Revokes one refresh token, taking its row lock first: every reuse revocation of a family
   * then queues on the presented token's row (as the rotation did) instead of meeting the
   * others inside the grant index in another order, which InnoDB would call a deadlock.
   */
  async revokeOne(id: string, now: Date, manager: EntityManager): Promise<void> {
    await manager.createQueryBuilder().update(RefreshTokenEntity).set({ revokedAt: now })
      .where('id = :id AND revoked_at IS NULL', { id }).execute();
  }

  /**
   * Marks a refresh token as exchanged with ONE conditional UPDATE, so that of two concurrent
   * uses exactly one wins (RFC 9700 §4.14.2); false when it was already rotated, revoked or
   * expired by the time the statement ran.
   */
  async markRotated(id: string, now: Date, manager: EntityManager): Promise<boolean> {
    const res = await manager.createQueryBuilder().update(RefreshTokenEntity).set({ rotatedAt: now })
      .where('id = :id AND rotated_at IS NULL AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > :now)', { id, now })
      .execute();
    return res.affected === 1;
  }
}
