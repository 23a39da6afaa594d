import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ConsentEntity, findRowBy, insertRow } from '@app/persistence';

/**
 * Remembered consents brought over by the importer (`grant` lines), written in the caller's
 * transaction: the scopes are added to the user's grant for the channel, as a consent here would.
 */
@Injectable()
export class ConsentImport {
  async apply(userId: string, clientId: string, scopes: readonly string[], m: EntityManager): Promise<'created' | 'updated' | 'unchanged'> {
    const now = new Date();
    const row = await findRowBy(m, ConsentEntity, { userId, clientId });
    if (!row) {
      await insertRow(m, ConsentEntity, { id: randomUUID(), userId, clientId, scope: [...new Set(scopes)].join(' '), createdAt: now, updatedAt: now });
      return 'created';
    }
    const current = row.scope.split(' ').filter(Boolean);
    const merged = [...new Set([...current, ...scopes])];
    if (merged.length === current.length) return 'unchanged';
    await m.update(ConsentEntity, { id: row.id }, { scope: merged.join(' '), updatedAt: now });
    return 'updated';
  }
}
