import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { randomToken } from '@app/common';
import { InteractionEntity } from '@app/persistence';
import type { PendingAuthorization } from '../authorize/authorize-context';

export interface TakenInteraction {
  clientId: string;
  pending: PendingAuthorization;
}

/** How long a consent page stays answerable. */
export const INTERACTION_TTL_SECONDS = 600;

/**
 * Pending authorization requests (STYLE rule 10): authorize records one, the consent page
 * finishes it. The id is 256 random bits (the consent form's transaction_id); a pending
 * request is bound to the browser session and the user, expires quickly and is taken once
 * (a conditional DELETE, so two submissions cannot both win). Expired rows are removed by the
 * purge job (PurgeService).
 */
@Injectable()
export class Interactions {
  constructor(@InjectRepository(InteractionEntity) private readonly interactions: Repository<InteractionEntity>) {}

  async create(sessionId: string, userId: string, clientId: string, pending: PendingAuthorization, ttlSeconds = INTERACTION_TTL_SECONDS): Promise<string> {
    const id = randomToken();
    const now = new Date();
    const row: InteractionEntity = {
      id, sessionId, userId, clientId, params: { ...pending }, expiresAt: new Date(now.getTime() + ttlSeconds * 1000), createdAt: now,
    };
    await this.interactions.insert(row);
    return id;
  }

  /** Consumes the pending request when it belongs to this session and user and is still fresh. */
  async take(id: unknown, sessionId: string, userId: string, now = new Date()): Promise<TakenInteraction | null> {
    if (typeof id !== 'string' || id.length === 0 || id.length > 64) return null;
    const row = await this.interactions.findOneBy({ id });
    if (!row || row.sessionId !== sessionId || row.userId !== userId || row.expiresAt <= now) return null;
    const res = await this.interactions.createQueryBuilder().delete().from(InteractionEntity)
      .where('id = :id AND expires_at > :now', { id, now }).execute();
    if (res.affected !== 1) return null;
    return { clientId: row.clientId, pending: row.params as PendingAuthorization };
  }
}
