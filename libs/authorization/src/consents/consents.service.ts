import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { AuditContext, AuditLog, ConsentEntity, findRowBy, Transactions } from '@app/persistence';
import { ConsentEvents } from './consent-events';

export interface GrantView {
  clientId: string;
  scopes: string[];
  grantedAt: Date;
  updatedAt: Date;
}

/**
 * Remembered consent (OAuth 2.1 §7.x consent, checklist #40): one row per (user, channel),
 * the union of every scope the user allowed. Removing it revokes the channel's tokens for that
 * user in the same transaction (ConsentEvents, which the token lib subscribes to).
 */
@Injectable()
export class Consents {
  constructor(
    @InjectRepository(ConsentEntity) private readonly consents: Repository<ConsentEntity>,
    private readonly transactions: Transactions,
    private readonly events: ConsentEvents,
    private readonly audit: AuditLog,
  ) {}

  /** The scopes the user has granted the channel (empty when none). */
  async scopesFor(userId: string, clientId: string): Promise<string[]> {
    const row = await findRowBy(this.consents.manager, ConsentEntity, { userId, clientId });
    return row ? splitScopes(row.scope) : [];
  }

  async listForUser(userId: string): Promise<GrantView[]> {
    const rows = await this.consents.find({ where: { userId }, order: { createdAt: 'ASC' } });
    return rows.map((r) => ({ clientId: r.clientId, scopes: splitScopes(r.scope), grantedAt: r.createdAt, updatedAt: r.updatedAt }));
  }

  /**
   * Adds `scopes` to the user's grant for the channel: one transaction that reads the row FOR
   * UPDATE (MySQL; SQLite runs transactions one at a time) and inserts or merges, so any number
   * of concurrent consents for one user and channel end as one row with every scope. (An
   * optimistic compare-and-set gave up after a few rounds when nine consents raced, and the
   * user got server_error.) Two first consents at once collide on the unique (user, channel)
   * index or deadlock on its gap lock; the loser runs again and merges into the winner's row.
   */
  async grant(userId: string, clientId: string, scopes: readonly string[], ctx: AuditContext): Promise<string[]> {
    const locking = ['mysql', 'mariadb'].includes(this.consents.manager.connection.options.type);
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.transactions.run(async (m) => {
          const now = new Date();
          const row = await m.findOne(ConsentEntity, { where: { userId, clientId }, ...(locking ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
          const merged = [...new Set([...(row ? splitScopes(row.scope) : []), ...scopes])];
          const scope = merged.join(' ');
          if (row?.scope === scope) return merged;
          if (row) await m.update(ConsentEntity, { id: row.id }, { scope, updatedAt: now });
          else await m.insert(ConsentEntity, { id: randomUUID(), userId, clientId, scope, createdAt: now, updatedAt: now });
          await this.audit.record(ctx, { action: 'consent.granted', targetType: 'client', targetId: clientId, details: { user_id: userId, scope } }, m);
          return merged;
        });
      } catch (err) {
        if (attempt >= 3 || !isDuplicateKey(err)) throw err;
      }
    }
  }

  /** Removes the grant and, in the same transaction, every token it backs. False when there was none. */
  async revoke(userId: string, clientId: string, ctx: AuditContext): Promise<boolean> {
    return this.transactions.run(async (m) => {
      const res = await m.delete(ConsentEntity, { userId, clientId });
      if (!res.affected) return false;
      await this.events.emitRevoked(userId, clientId, m);
      await this.audit.record(ctx, { action: 'consent.revoked', targetType: 'client', targetId: clientId, details: { user_id: userId } }, m);
      return true;
    });
  }
}

function isDuplicateKey(err: unknown): boolean {
  const e = err as { code?: string; driverError?: { code?: string } };
  return [e?.code, e?.driverError?.code].some((c) => c === 'ER_DUP_ENTRY' || (c ?? '').startsWith('SQLITE_CONSTRAINT'));
}

function splitScopes(scope: string): string[] {
  return scope.split(' ').filter(Boolean);
}
