import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from '../data-source-options';
import { RateLimitEntity } from '../entities';
import { Locks, lockout } from './lockout';
import { RateLimiter } from './rate-limiter.service';

describe(Locks.name, () => {
  let dataSource: DataSource;
  let limiter: RateLimiter;
  let locks: Locks;

  beforeAll(async () => {
    dataSource = await new DataSource(buildDataSourceOptions({ type: 'sqlite', url: 'sqlite::memory:', file: ':memory:' })).initialize();
    limiter = new RateLimiter(dataSource.getRepository(RateLimitEntity));
    locks = new Locks(dataSource.getRepository(RateLimitEntity));
  });
  afterAll(async () => { await dataSource.destroy(); });

  it('builds a counter and its lock from kind and subject', () => {
    expect(lockout('login:account', 'alice', 5, 900)).toEqual({
      counter: { key: 'login:account:alice', limit: 5, windowSeconds: 900 },
      lock: { key: 'login:account-lock:alice', limit: 1, windowSeconds: 900 },
    });
  });

  it('lists the locks in force only (not counters, marks, ended locks, or keys that merely contain "-lock:")', async () => {
    const a = lockout('login:account', 'bob', 2, 900);
    const pair = lockout('client-auth:client-address', 'c1/2001:db8::1', 2, 60);
    await limiter.fail(a.counter);
    await limiter.fail(a.lock);
    await limiter.fail(pair.lock);
    await limiter.fail(lockout('login:account', 'x-lock:y', 5, 900).counter);
    await limiter.mark('login:trusted:bob/192.0.2.1', new Date(Date.now() + 60_000));
    await limiter.fail(lockout('login:address', '192.0.2.9', 1, 1).lock, new Date(Date.now() - 5000));
    const listed = await locks.list();
    expect(listed.map((l) => [l.kind, l.subject]).sort()).toEqual([['client-auth:client-address', 'c1/2001:db8::1'], ['login:account', 'bob']]);
    expect(await locks.find(listed[0].id)).toEqual(listed[0]);
  });

  it('clearing ends the lock and empties its counter; an unknown, malformed or non-lock id clears nothing', async () => {
    const l = lockout('login:device', 'carol/dev1', 2, 900);
    await limiter.fail(l.counter);
    await limiter.fail(l.counter);
    await limiter.fail(l.lock);
    const id = (await locks.list()).find((x) => x.subject === 'carol/dev1')!.id;
    expect(await locks.clear(id)).toMatchObject({ kind: 'login:device', subject: 'carol/dev1' });
    expect(await limiter.blockedFor(l.lock)).toBe(0);
    expect(await limiter.fail(l.counter)).toBe(1);
    expect(await locks.clear(id)).toBeNull();
    expect(await locks.clear('***')).toBeNull();
    expect(await locks.clear(Buffer.from('login:device:carol/dev1').toString('base64url'))).toBeNull();
  });
});
