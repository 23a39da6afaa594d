import { Injectable } from '@nestjs/common';
import { ConflictError } from '@app/common';
import { insertRow, MigrationLockEntity, Transactions } from '@app/persistence';

const LOCK_NAME = 'import';
/** A holder that stopped renewing (crashed) loses the lock after this long. */
export const LOCK_TTL_MS = 60_000;
const RENEW_EVERY_MS = 15_000;

export interface HeldLock {
  release(): Promise<void>;
}

/**
 * One import at a time, across the server's instances and the command line: a row in
 * migration_locks, renewed while the import runs. A second run is refused (409 / CLI error).
 */
@Injectable()
export class ImportLock {
  constructor(private readonly transactions: Transactions) {}

  async acquire(holder: string): Promise<HeldLock> {
    const taken = await this.transactions.run(async (m) => {
      const now = new Date();
      await m.createQueryBuilder().delete().from(MigrationLockEntity).where('name = :name AND expires_at < :now', { name: LOCK_NAME, now }).execute();
      const current = await m.findOne(MigrationLockEntity, { where: { name: LOCK_NAME } });
      if (current) return false;
      await insertRow(m, MigrationLockEntity, { name: LOCK_NAME, holder: holder.slice(0, 128), expiresAt: new Date(now.getTime() + LOCK_TTL_MS) });
      return true;
    }).catch((err) => {
      if (isDuplicateKey(err)) return false;
      throw err;
    });
    if (!taken) throw new ConflictError('another import is running; try again when it has finished');
    const renew = setInterval(() => {
      void this.transactions.statement((m) => m.createQueryBuilder().update(MigrationLockEntity)
        .set({ expiresAt: new Date(Date.now() + LOCK_TTL_MS) }).where('name = :name', { name: LOCK_NAME }).execute()).catch(() => undefined);
    }, RENEW_EVERY_MS);
    renew.unref();
    return {
      release: async () => {
        clearInterval(renew);
        await this.transactions.statement((m) => m.createQueryBuilder().delete().from(MigrationLockEntity).where('name = :name', { name: LOCK_NAME }).execute());
      },
    };
  }
}

function isDuplicateKey(err: unknown): boolean {
  const e = err as { code?: string; driverError?: { code?: string } };
  return [e?.code, e?.driverError?.code].some((c) => c === 'ER_DUP_ENTRY' || (c ?? '').startsWith('SQLITE_CONSTRAINT'));
}
