import type { DataSource } from 'typeorm';
import { isLockConflict } from './lock-conflict';
import { Transactions, TRANSACTION_ATTEMPTS } from './transactions.service';

const deadlock = () => Object.assign(new Error('Deadlock found when trying to get lock'), { driverError: { code: 'ER_LOCK_DEADLOCK', errno: 1213 } });

function fakeDataSource(transaction: (work: (m: never) => Promise<unknown>) => Promise<unknown>): DataSource {
  return { options: { type: 'mysql' }, transaction } as unknown as DataSource;
}

describe(Transactions.name, () => {
  it('recognises a MySQL deadlock or lock wait timeout, directly or wrapped by TypeORM', () => {
    expect(isLockConflict(deadlock())).toBe(true);
    expect(isLockConflict({ code: 'ER_LOCK_WAIT_TIMEOUT' })).toBe(true);
    expect(isLockConflict({ errno: 1213 })).toBe(true);
    expect(isLockConflict(new Error('Duplicate entry'))).toBe(false);
    expect(isLockConflict(undefined)).toBe(false);
  });

  it('re-runs the work after a deadlock and returns its result', async () => {
    let calls = 0;
    const tx = new Transactions(fakeDataSource(async (work) => { calls++; if (calls < 3) throw deadlock(); return work(undefined as never); }));
    await expect(tx.run(async () => 'done')).resolves.toBe('done');
    expect(calls).toBe(3);
  });

  it('gives up after a bounded number of attempts, and rethrows other errors at once', async () => {
    let calls = 0;
    await expect(new Transactions(fakeDataSource(async () => { calls++; throw deadlock(); })).run(async () => 1)).rejects.toThrow('Deadlock');
    expect(calls).toBe(TRANSACTION_ATTEMPTS);
    calls = 0;
    await expect(new Transactions(fakeDataSource(async () => { calls++; throw new Error('boom'); })).run(async () => 1)).rejects.toThrow('boom');
    expect(calls).toBe(1);
  });
});
