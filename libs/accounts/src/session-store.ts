import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { randomToken, sha256Hex, TOKEN_PREFIXES } from '@app/common';
import { findRowBy, SessionEntity, SessionKind } from '@app/persistence';

export interface SessionView {
  id: string;
  kind: SessionKind;
  userId: string | null;
  csrfToken: string;
  authTime: Date | null;
  /** RFC 8176 methods of the login (NULL on rows from before they were recorded: a password login). */
  amr: string[] | null;
  data: Record<string, unknown>;
  expiresAt: Date;
}

/**
 * Server-side sessions in the database (so that several instances can serve one user):
 * browser login sessions (cookie) and admin API bearer sessions. The session id is 256 random
 * bits handed to the client once; only its SHA-256 is stored. `rotate` issues a new id for the
 * same session (session fixation defence at login).
 */
@Injectable()
export class SessionStore {
  constructor(@InjectRepository(SessionEntity) private readonly sessions: Repository<SessionEntity>) {}

  async create(
    kind: SessionKind, ttlSeconds: number, userId: string | null = null, data: Record<string, unknown> = {}, amr: string[] | null = null,
  ): Promise<{ sid: string; session: SessionView }> {
    const sid = randomToken(kind === 'admin_api' ? TOKEN_PREFIXES.adminToken : TOKEN_PREFIXES.session);
    const now = new Date();
    const entity = this.sessions.create({
      id: randomUUID(),
      sidHash: sha256Hex(sid),
      kind,
      userId,
      csrfToken: randomToken('', 24),
      authTime: userId ? now : null,
      amr: userId ? amr : null,
      data,
      expiresAt: new Date(now.getTime() + ttlSeconds * 1000),
      createdAt: now,
      updatedAt: now,
    });
    await this.sessions.insert(entity);
    return { sid, session: toView(entity) };
  }

  async find(sid: string | undefined, kind: SessionKind, now = new Date()): Promise<SessionView | null> {
    if (!sid || typeof sid !== 'string' || sid.length > 128) return null;
    const row = await findRowBy(this.sessions.manager, SessionEntity, { sidHash: sha256Hex(sid), kind });
    if (!row || row.expiresAt <= now) return null;
    return toView(row);
  }

  /** Logs a user into the session under a NEW id (the old id stops working); the login's amr replaces the old one. */
  async rotate(sessionId: string, userId: string | null, ttlSeconds: number, amr: string[] | null = null): Promise<string> {
    const sid = randomToken(TOKEN_PREFIXES.session);
    const now = new Date();
    await this.sessions.update({ id: sessionId }, {
      sidHash: sha256Hex(sid),
      userId,
      authTime: userId ? now : null,
      amr: userId ? amr : null,
      csrfToken: randomToken('', 24),
      expiresAt: new Date(now.getTime() + ttlSeconds * 1000),
      updatedAt: now,
    });
    return sid;
  }

  async updateData(sessionId: string, data: Record<string, unknown>): Promise<void> {
    await this.sessions.update({ id: sessionId }, { data: data as never, updatedAt: new Date() });
  }

  /**
   * Replaces the data only if it is still `expected` (a conditional UPDATE on the stored JSON
   * text): of two requests racing to change the same data — to take a one-time value out of it —
   * exactly one wins. False when the data had changed.
   */
  async replaceData(sessionId: string, expected: Record<string, unknown>, data: Record<string, unknown>): Promise<boolean> {
    const res = await this.sessions.createQueryBuilder().update().set({ data: data as never, updatedAt: new Date() })
      .where('id = :id AND data = :old', { id: sessionId, old: JSON.stringify(expected) }).execute();
    return (res.affected ?? 0) === 1;
  }

  async destroy(sessionId: string): Promise<void> {
    await this.sessions.delete({ id: sessionId });
  }

  async destroyAllForUser(userId: string): Promise<void> {
    await this.sessions.delete({ userId });
  }

  async purgeExpired(before: Date, batch = 1000): Promise<number> {
    const rows = await this.sessions.createQueryBuilder('s').select('s.id', 'id').where('s.expires_at < :before', { before }).limit(batch).getRawMany<{ id: string }>();
    if (rows.length) await this.sessions.delete(rows.map((r) => r.id));
    return rows.length;
  }
}

function toView(e: SessionEntity): SessionView {
  return { id: e.id, kind: e.kind, userId: e.userId, csrfToken: e.csrfToken, authTime: e.authTime, amr: e.amr ?? null, data: e.data ?? {}, expiresAt: e.expiresAt };
}
