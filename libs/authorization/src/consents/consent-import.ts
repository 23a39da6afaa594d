import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { timeOrderedUuid } from '@app/common';
import { ConsentEntity, findRowBy, findRowsMatching, insertRow, insertRows } from '@app/persistence';

/**
 * Remembered consents brought over by the importer (`grant` lines), written in the caller's
 * transaction: the scopes are added to the user's grant for the channel, as a consent here would.
 */
@Injectable()
export class ConsentImport {
  async apply(userId: string, clientId: string, scopes: readonly string[], m: EntityManager): Promise<ConsentOutcome> {
    const now = new Date();
    const row = await findRowBy(m, ConsentEntity, { userId, clientId });
    if (!row) {
      await insertRow(m, ConsentEntity, newConsent(userId, clientId, scopes, now));
      return 'created';
    }
    return this.merge(row, scopes, now, m);
  }

  /**
   * `apply` for several grants at once (the importer's batches): one read, one multi-row INSERT
   * of the new consents. The (user, channel) pairs must be distinct.
   */
  async applyMany(grants: readonly { userId: string; clientId: string; scopes: readonly string[] }[], m: EntityManager): Promise<ConsentOutcome[]> {
    const now = new Date();
    const pair = (userId: string, clientId: string) => `${userId}\u0000${clientId}`;
    // By user (the unique index's first column): MySQL would read `(user_id = ? AND client_id = ?) OR …` through the channel's index.
    const rows = await findRowsMatching(m, ConsentEntity, [...new Set(grants.map((g) => g.userId))].map((userId) => ({ userId })));
    const existing = new Map(rows.map((r) => [pair(r.userId, r.clientId), r]));
    const creates = grants.filter((g) => !existing.has(pair(g.userId, g.clientId))).map((g) => newConsent(g.userId, g.clientId, g.scopes, now));
    await insertRows(m, ConsentEntity, creates);
    const outcomes: ConsentOutcome[] = [];
    for (const g of grants) {
      const row = existing.get(pair(g.userId, g.clientId));
      outcomes.push(row ? await this.merge(row, g.scopes, now, m) : 'created');
    }
    return outcomes;
  }

  /** The scopes are added to those of the consent there is. */
  private async merge(row: ConsentEntity, scopes: readonly string[], now: Date, m: EntityManager): Promise<ConsentOutcome> {
    const current = row.scope.split(' ').filter(Boolean);
    const merged = [...new Set([...current, ...scopes])];
    if (merged.length === current.length) return 'unchanged';
    await m.update(ConsentEntity, { id: row.id }, { scope: merged.join(' '), updatedAt: now });
    return 'updated';
  }
}

export type ConsentOutcome = 'created' | 'updated' | 'unchanged';

function newConsent(userId: string, clientId: string, scopes: readonly string[], now: Date): ConsentEntity {
  return { id: timeOrderedUuid(), userId, clientId, scope: [...new Set(scopes)].join(' '), createdAt: now, updatedAt: now } as ConsentEntity;
}
