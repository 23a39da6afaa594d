import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { AccessTokenEntity, findRowBy, insertRow } from '@app/persistence';
import { BearerCache } from './bearer-cache';

/** The access_tokens table, through intent-named operations only (STYLE rule 7). */
@Injectable()
export class AccessTokens {
  constructor(
    @InjectRepository(AccessTokenEntity) private readonly tokens: Repository<AccessTokenEntity>,
    private readonly bearerCache: BearerCache,
  ) {}

  async insert(row: AccessTokenEntity, manager: EntityManager): Promise<void> {
    await insertRow(manager, AccessTokenEntity, row);
  }

  /**
   * Inserts the token only while its channel is approved, in ONE statement:
   * `INSERT INTO access_tokens (…) SELECT ?, … FROM clients WHERE client_id = ? AND status = 'approved'`.
   * In the caller's transaction this is the race guard against a concurrent suspension: InnoDB
   * share-locks the clients row it reads (so a suspension waits, then revokes this token too), and
   * SQLite runs transactions one at a time. Returns false when the channel is not approved.
   */
  async insertIfClientApproved(row: AccessTokenEntity, manager: EntityManager): Promise<boolean> {
    const { driver } = manager.connection;
    const meta = manager.connection.getMetadata(AccessTokenEntity);
    const columns = meta.columns;
    const names = columns.map((c) => driver.escape(c.databaseName)).join(', ');
    const values = columns.map((c) => driver.preparePersistentValue(c.getEntityValue(row), c));
    const sql = `INSERT INTO ${driver.escape(meta.tableName)} (${names}) SELECT ${columns.map(() => '?').join(', ')} ` +
      `FROM ${driver.escape('clients')} WHERE ${driver.escape('client_id')} = ? AND ${driver.escape('status')} = 'approved'`;
    if (!manager.queryRunner) throw new Error("insertIfClientApproved needs the caller's query runner (Transactions.run or .statement)");
    const result = await manager.queryRunner.query(sql, [...values, row.clientId], true);
    return result.affected === 1;
  }

  /**
   * One indexed read (unique token_hash), as a prepared statement without the query builder
   * (findRowBy): the bearer check makes it on every resource call, and building the query cost
   * more CPU than the read itself.
   */
  findByHash(tokenHash: string): Promise<AccessTokenEntity | null> {
    return findRowBy(this.tokens.manager, AccessTokenEntity, { tokenHash });
  }

  /**
   * The access tokens minted with a refresh token that was just rotated: revoked at once, or,
   * when the channel offers a grace period (seed 003: 600 s), cut to end `graceSeconds` from now.
   */
  async retireForRefreshToken(refreshTokenId: string, graceSeconds: number, now: Date, manager: EntityManager): Promise<void> {
    const qb = manager.createQueryBuilder().update(AccessTokenEntity);
    if (graceSeconds <= 0) {
      await this.bearerCache.revoking(manager, () => qb.set({ revokedAt: now })
        .where('refresh_token_id = :refreshTokenId AND revoked_at IS NULL', { refreshTokenId }).execute());
      return;
    }
    const graceEnd = new Date(now.getTime() + graceSeconds * 1000);
    await this.bearerCache.revoking(manager, () => qb.set({ expiresAt: graceEnd })
      .where('refresh_token_id = :refreshTokenId AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > :graceEnd)', { refreshTokenId, graceEnd })
      .execute());
  }

  async revokeById(id: string, now: Date, manager: EntityManager): Promise<void> {
    await this.bearerCache.revoking(manager, () => manager.createQueryBuilder().update(AccessTokenEntity).set({ revokedAt: now })
      .where('id = :id AND revoked_at IS NULL', { id }).execute());
  }

  countIssuedSince(since: Date): Promise<number> {
    return this.tokens.createQueryBuilder('t').where('t.created_at >= :since', { since }).getCount();
  }
}
