import { KEY_CACHE_SECONDS } from './key-retention';
import {
  JWKS_MAX_AGE_SECONDS, pendingAt, PREPUBLISH_SECONDS, publishedAt, rotationDue, ScheduledKey, settlementAt, signingKeyAt,
} from './key-schedule';

const T0 = new Date('2030-01-01T00:00:00.000Z');
const at = (s: number) => new Date(T0.getTime() + s * 1000);
type Key = ScheduledKey & { kid: string };

describe('key schedule', () => {
  const old: Key = { kid: 'old', status: 'active', createdAt: at(-86_400) };
  const next: Key = { kid: 'next', status: 'next', createdAt: T0, activatesAt: at(PREPUBLISH_SECONDS) };

  it('publishes longer ahead than a JWKS copy may be cached, plus the instances\' reload interval', () => {
    expect(PREPUBLISH_SECONDS).toBeGreaterThan(JWKS_MAX_AGE_SECONDS + KEY_CACHE_SECONDS);
  });

  it('the old key signs until the next one activates; both are published meanwhile', () => {
    expect(signingKeyAt([old, next], T0)?.kid).toBe('old');
    expect(signingKeyAt([old, next], at(PREPUBLISH_SECONDS - 1))?.kid).toBe('old');
    expect(signingKeyAt([old, next], at(PREPUBLISH_SECONDS))?.kid).toBe('next');
    expect(publishedAt([old, next], T0).map((k) => k.kid)).toEqual(['old', 'next']);
    expect(pendingAt([old, next], T0)?.kid).toBe('next');
    expect(pendingAt([old, next], at(PREPUBLISH_SECONDS))).toBeUndefined();
  });

  it('settles: activates the next key at its time, retires the old one once instances noticed', () => {
    expect(settlementAt([old, next], at(PREPUBLISH_SECONDS - 1))).toEqual({ activate: [], retire: [] });
    expect(settlementAt([old, next], at(PREPUBLISH_SECONDS))).toEqual({ activate: [next], retire: [] });
    expect(settlementAt([old, next], at(PREPUBLISH_SECONDS + KEY_CACHE_SECONDS))).toEqual({
      activate: [next], retire: [{ key: old, retiredAt: at(PREPUBLISH_SECONDS) }],
    });
  });

  it('keeps a retired key published until its deadline, or for good without one', () => {
    const retired: Key = { kid: 'r', status: 'retired', createdAt: at(-10), publishedUntil: at(100) };
    const forGood: Key = { kid: 'g', status: 'retired', createdAt: at(-10), publishedUntil: null };
    expect(publishedAt([retired, forGood], at(99)).map((k) => k.kid)).toEqual(['r', 'g']);
    expect(publishedAt([retired, forGood], at(100)).map((k) => k.kid)).toEqual(['g']);
    expect(signingKeyAt([retired], T0)).toBeUndefined();
  });

  it('a scheduled rotation is due after the period, never while one is pending', () => {
    expect(rotationDue([old], T0, 1)).toBe(true);
    expect(rotationDue([old], T0, 2)).toBe(false);
    expect(rotationDue([old, next], T0, 1)).toBe(false);
    expect(rotationDue([old], T0, 0)).toBe(false);
  });
});
