import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { ValidationError } from '@app/common';
import { ChangeFeed, findRowBy, findRowsMatching, insertRow, insertRows, SubjectOverrideEntity } from '@app/persistence';

export type ImportOutcome = 'created' | 'updated' | 'unchanged';

export const OPENID_MAX = 255;
const OPENID_PATTERN = /^[\x21-\x7e]+$/;

/**
 * Openids kept from the platform Gatehouse replaces (PRODUCT.md "Import", `openid` lines): for a
 * (user, channel) pair that has one, it is the subject everywhere (me, getOpenId, token answers,
 * ID Token `sub`); every other pair stays pairwise.
 */
@Injectable()
export class SubjectOverrides {
  constructor(@InjectRepository(SubjectOverrideEntity) private readonly overrides: Repository<SubjectOverrideEntity>, private readonly feed: ChangeFeed) {}

  async find(userId: string, clientId: string): Promise<string | null> {
    const row = await findRowBy(this.overrides.manager, SubjectOverrideEntity, { userId, clientId });
    // MySQL compares these columns byte for byte (utf8mb4_bin); the check keeps SQLite and MySQL alike.
    return row && row.userId === userId && row.clientId === clientId ? row.openid : null;
  }

  /** Sets the pair's openid in the caller's transaction; an openid another user holds on the channel is refused. */
  async importOpenid(userId: string, clientId: string, openid: string, m: EntityManager): Promise<ImportOutcome> {
    validateOpenid(openid);
    const holder = await findRowBy(m, SubjectOverrideEntity, { clientId, openid });
    if (holder && holder.userId !== userId) throw new ValidationError('openid', `already names another user of channel ${clientId}`);
    const current = await findRowBy(m, SubjectOverrideEntity, { userId, clientId });
    if (current?.openid === openid) return 'unchanged';
    if (current) {
      await m.createQueryBuilder().update(SubjectOverrideEntity).set({ openid })
        .where('user_id = :userId AND client_id = :clientId', { userId, clientId }).execute();
      await this.feed.publish(m, 'user', userId); // every instance's subject cache (PairwiseSubject)
      return 'updated';
    }
    await insertRow(m, SubjectOverrideEntity, { userId, clientId, openid, createdAt: new Date() });
    await this.feed.publish(m, 'user', userId);
    return 'created';
  }

  /**
   * `importOpenid` for several pairs at once (the importer's batches): two reads, one multi-row
   * INSERT, one multi-row change event. The pairs must be distinct, and so must the (channel,
   * openid)s; when any of them would fail, this throws and the caller writes them one by one.
   */
  async importOpenids(items: readonly { userId: string; clientId: string; openid: string }[], m: EntityManager): Promise<ImportOutcome[]> {
    for (const o of items) validateOpenid(o.openid);
    const pair = (userId: string, clientId: string) => `${userId}\u0000${clientId}`;
    const holders = new Map((await findRowsMatching(m, SubjectOverrideEntity, items.map(({ clientId, openid }) => ({ clientId, openid }))))
      .map((r) => [pair(r.clientId, r.openid), r.userId]));
    // By user (the primary key's first column), never through the (client_id, openid) index.
    const current = new Map((await findRowsMatching(m, SubjectOverrideEntity, [...new Set(items.map((o) => o.userId))].map((userId) => ({ userId }))))
      .map((r) => [pair(r.userId, r.clientId), r.openid]));
    const now = new Date();
    const creates: SubjectOverrideEntity[] = [];
    const changedUsers = new Set<string>();
    const outcomes: ImportOutcome[] = [];
    for (const { userId, clientId, openid } of items) {
      const holder = holders.get(pair(clientId, openid));
      if (holder !== undefined && holder !== userId) throw new ValidationError('openid', `already names another user of channel ${clientId}`);
      const was = current.get(pair(userId, clientId));
      if (was === openid) {
        outcomes.push('unchanged');
        continue;
      }
      if (was !== undefined) {
        await m.createQueryBuilder().update(SubjectOverrideEntity).set({ openid })
          .where('user_id = :userId AND client_id = :clientId', { userId, clientId }).execute();
      } else {
        creates.push({ userId, clientId, openid, createdAt: now });
      }
      changedUsers.add(userId);
      outcomes.push(was !== undefined ? 'updated' : 'created');
    }
    await insertRows(m, SubjectOverrideEntity, creates);
    await this.feed.publishMany(m, 'user', [...changedUsers]); // every instance's subject cache (PairwiseSubject)
    return outcomes;
  }
}

export function validateOpenid(openid: unknown): asserts openid is string {
  if (typeof openid !== 'string' || openid.length === 0 || openid.length > OPENID_MAX || !OPENID_PATTERN.test(openid)) {
    throw new ValidationError('openid', `must be 1-${OPENID_MAX} printable ASCII characters without spaces`);
  }
}
