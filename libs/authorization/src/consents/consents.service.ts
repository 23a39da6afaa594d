import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { AuditContext, AuditLog, ConsentEntity, Transactions } from '@app/persistence';
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
    const row = await this.consents.findOneBy({ userId, clientId });
    return row ? splitScopes(row.scope) : [];
  }

  async listForUser(userId: string): Promise<GrantView[]> {
    const rows = await this.consents.find({ where: { userId }, order: { createdAt: 'ASC' } });
    return rows.map((r) => ({ clientId: r.clientId, scopes: splitScopes(r.scope), grantedAt: r.createdAt, updatedAt: r.updatedAt }));
  }

  /**
   * Adds `scopes` to the user's grant for the channel. Race-safe without a transaction: the
   * unique (user, channel) index lets one insert win, and a merge is a conditional update on
   * the scope it read, retried when another request changed it in between.
   */
  async grant(userId: string, clientId: string, scopes: readonly string[], ctx: AuditContext): Promise<string[]> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const now = new Date();
      const row = await this.consents.findOneBy({ userId, clientId });
      if (!row) {
        const scope = [...new Set(scopes)].join(' ');
        try {
          await this.consents.insert({ id: randomUUID(), userId, clientId, scope, createdAt: now, updatedAt: now });
        } catch {
          continue; // another request inserted the row first: merge into it
        }
        await this.recordGrant(ctx, userId, clientId, scope);
        return splitScopes(scope);
      }
      const merged = [...new Set([...splitScopes(row.scope), ...scopes])];
      const scope = merged.join(' ');
      if (scope === row.scope) return merged;
      const res = await this.consents.createQueryBuilder().update(ConsentEntity).set({ scope, updatedAt: now })
        .where('id = :id AND scope = :old', { id: row.id, old: row.scope }).execute();
      if (res.affected) {
        await this.recordGrant(ctx, userId, clientId, scope);
        return merged;
      }
    }
    throw new Error('consent kept changing under concurrent updates');
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

  private recordGrant(ctx: AuditContext, userId: string, clientId: string, scope: string): Promise<void> {
    return this.audit.record(ctx, { action: 'consent.granted', targetType: 'client', targetId: clientId, details: { user_id: userId, scope } });
  }
}

function splitScopes(scope: string): string[] {
  return scope.split(' ').filter(Boolean);
}
