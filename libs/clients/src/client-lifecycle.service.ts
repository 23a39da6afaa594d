import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { ConflictError, NotFoundError, ValidationError } from '@app/common';
import { AuditContext, AuditLog, ClientEntity, ClientStatus, ClientStatusChangeEntity, Transactions } from '@app/persistence';
import { ClientEvents } from './client-events';
import { ClientRegistry } from './client-registry';
import { OriginRegistry } from './origin-registry';
import { ClientView } from './client.model';

type Transition = 'approve' | 'reject' | 'suspend' | 'reactivate';

/** pending → approved | rejected; approved → suspended → approved (PRODUCT.md). */
const TRANSITIONS: Record<Transition, { from: ClientStatus; to: ClientStatus; reasonRequired: boolean }> = {
  approve: { from: 'pending', to: 'approved', reasonRequired: false },
  reject: { from: 'pending', to: 'rejected', reasonRequired: true },
  suspend: { from: 'approved', to: 'suspended', reasonRequired: true },
  reactivate: { from: 'suspended', to: 'approved', reasonRequired: false },
};

/**
 * The channel state machine. Each transition is one conditional UPDATE (… WHERE status = from),
 * so of two racing operators exactly one wins; the loser gets 409 naming the current state.
 * The history row, the audit event and (for suspend) the revocation of every token of the
 * channel commit in the same transaction.
 */
@Injectable()
export class ClientLifecycle {
  constructor(
    @InjectRepository(ClientEntity) private readonly clients: Repository<ClientEntity>,
    private readonly transactions: Transactions,
    private readonly registry: ClientRegistry,
    private readonly origins: OriginRegistry,
    private readonly events: ClientEvents,
    private readonly audit: AuditLog,
  ) {}

  approve(clientId: string, note: string | undefined, ctx: AuditContext): Promise<ClientView> {
    return this.transition('approve', clientId, note, ctx);
  }

  reject(clientId: string, reason: string, ctx: AuditContext): Promise<ClientView> {
    return this.transition('reject', clientId, reason, ctx);
  }

  suspend(clientId: string, reason: string, ctx: AuditContext): Promise<ClientView> {
    return this.transition('suspend', clientId, reason, ctx);
  }

  reactivate(clientId: string, note: string | undefined, ctx: AuditContext): Promise<ClientView> {
    return this.transition('reactivate', clientId, note, ctx);
  }

  private async transition(name: Transition, clientId: string, reason: string | undefined, ctx: AuditContext): Promise<ClientView> {
    const rule = TRANSITIONS[name];
    const why = reason?.trim() || null;
    if (rule.reasonRequired && !why) throw new ValidationError('reason', `a reason is required to ${name} a channel`);
    if (why && why.length > 1000) throw new ValidationError(name === 'approve' || name === 'reactivate' ? 'note' : 'reason', 'must be at most 1000 characters');
    const entity = typeof clientId === 'string' && clientId.length <= 64 ? await this.clients.findOneBy({ clientId }) : null;
    if (!entity || entity.clientId !== clientId) throw new NotFoundError(`channel ${clientId} not found`);
    let now = new Date();
    const won = await this.transactions.run(async (m) => {
      const res = await m.createQueryBuilder().update(ClientEntity).set({ status: rule.to, updatedAt: now })
        .where('client_id = :clientId AND status = :from', { clientId, from: rule.from }).execute();
      if (!res.affected) return false;
      await this.registry.changed(m, clientId);
      now = await this.historyTime(entity.id, m);
      await m.insert(ClientStatusChangeEntity, {
        id: randomUUID(), clientPk: entity.id, fromStatus: rule.from, toStatus: rule.to, actor: ctx.actor, reason: why, at: now,
      });
      await this.audit.record(ctx, {
        action: `client.${name === 'approve' ? 'approved' : name === 'reject' ? 'rejected' : name === 'suspend' ? 'suspended' : 'reactivated'}`,
        targetType: 'client', targetId: clientId, reason: why, details: { from: rule.from, to: rule.to },
      }, m);
      if (name === 'suspend') await this.events.emitSuspended(clientId, m);
      return true;
    });
    if (!won) {
      const current = await this.clients.findOneBy({ clientId });
      throw new ConflictError(`cannot ${name} channel ${clientId}: it is ${current?.status ?? 'gone'} (must be ${rule.from})`, {
        current_status: current?.status,
      });
    }
    return ClientView.from({ ...entity, status: rule.to, updatedAt: now } as ClientEntity);
  }

  /**
   * The time of a transition, read once this transaction holds the channel's row: after the
   * previous transition committed, and strictly after it. A time taken before waiting for the
   * lock, or the same millisecond, would list racing transitions out of order in the history.
   */
  private async historyTime(clientPk: string, m: EntityManager): Promise<Date> {
    const last = await m.findOne(ClientStatusChangeEntity, { where: { clientPk }, order: { at: 'DESC' } });
    return new Date(Math.max(Date.now(), (last?.at.getTime() ?? 0) + 1));
  }
}
