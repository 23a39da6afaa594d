import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { AuditEventEntity } from '../entities';
import { AuditContext } from './audit-context';

export interface AuditEntry {
  action: string;
  targetType?: string | null;
  targetId?: string | null;
  reason?: string | null;
  details?: Record<string, unknown> | null;
}

export interface AuditQuery {
  actor?: string;
  action?: string;
  targetId?: string;
  since?: Date;
  until?: Date;
  limit?: number;
  /** The id of the last event of the previous page (events are newest first). */
  cursor?: number;
}

export interface AuditEventView {
  id: number;
  at: string;
  actor: string;
  action: string;
  target_type: string | null;
  target_id: string | null;
  reason: string | null;
  ip: string | null;
  details: Record<string, unknown> | null;
}

/** The append-only audit log: who, what, when, why and from which address. */
@Injectable()
export class AuditLog {
  constructor(@InjectRepository(AuditEventEntity) private readonly events: Repository<AuditEventEntity>) {}

  /** Pass the transaction's manager so that the event commits (or not) with the change. */
  async record(ctx: AuditContext, entry: AuditEntry, manager?: EntityManager): Promise<void> {
    const repo = manager ? manager.getRepository(AuditEventEntity) : this.events;
    await repo.insert(repo.create({
      at: new Date(),
      actor: ctx.actor.slice(0, 128),
      action: entry.action,
      targetType: entry.targetType ?? null,
      targetId: entry.targetId ?? null,
      reason: entry.reason ?? null,
      ip: ctx.ip?.slice(0, 64) ?? null,
      details: entry.details ?? null,
    }));
  }

  async query(q: AuditQuery): Promise<{ items: AuditEventView[]; next_cursor: string | null }> {
    const limit = Math.min(Math.max(q.limit ?? 50, 1), 200);
    const qb = this.events.createQueryBuilder('e').orderBy('e.id', 'DESC').take(limit + 1);
    if (q.actor) qb.andWhere('e.actor = :actor', { actor: q.actor });
    if (q.action) qb.andWhere('e.action = :action', { action: q.action });
    if (q.targetId) qb.andWhere('e.target_id = :targetId', { targetId: q.targetId });
    if (q.since) qb.andWhere('e.at >= :since', { since: q.since });
    if (q.until) qb.andWhere('e.at <= :until', { until: q.until });
    if (q.cursor) qb.andWhere('e.id < :cursor', { cursor: q.cursor });
    const rows = await qb.getMany();
    const page = rows.slice(0, limit);
    return {
      items: page.map(toView),
      next_cursor: rows.length > limit ? String(page[page.length - 1].id) : null,
    };
  }
}

function toView(e: AuditEventEntity): AuditEventView {
  return {
    id: e.id,
    at: e.at.toISOString(),
    actor: e.actor,
    action: e.action,
    target_type: e.targetType,
    target_id: e.targetId,
    reason: e.reason,
    ip: e.ip,
    details: e.details,
  };
}
