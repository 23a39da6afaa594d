import { expiryAfter, isExpired, pickTtl, refreshExpiry, secondsUntil } from './token-lifetimes';

describe('token lifetimes', () => {
  const now = new Date('2030-01-01T00:00:00.000Z');
  const at = (s: number) => new Date(now.getTime() + s * 1000);

  it('prefers the dialect, then the channel, then the server default', () => {
    expect(pickTtl(30, 600, 3600)).toBe(30);
    expect(pickTtl(undefined, 600, 3600)).toBe(600);
    expect(pickTtl(undefined, null, 3600)).toBe(3600);
    expect(pickTtl(undefined, -1, 3600)).toBe(-1);
  });

  it('stores "never" as no expiry and reports it as -1', () => {
    expect(expiryAfter(now, -1)).toBeNull();
    expect(expiryAfter(now, 60)).toEqual(at(60));
    expect(secondsUntil(now, null)).toBe(-1);
    expect(secondsUntil(now, at(59.6))).toBe(60);
    expect(secondsUntil(now, at(-5))).toBe(0);
  });

  it('treats the expiry instant itself as expired', () => {
    expect(isExpired(at(0), now)).toBe(true);
    expect(isExpired(at(1), now)).toBe(false);
    expect(isExpired(null, now)).toBe(false);
  });

  it('caps the idle window by the absolute lifetime of the family', () => {
    expect(refreshExpiry(now, 100, 10)).toEqual({ absoluteExpiresAt: at(100), expiresAt: at(10) });
    expect(refreshExpiry(now, 5, 10)).toEqual({ absoluteExpiresAt: at(5), expiresAt: at(5) });
  });

  it('never extends the family when rotating', () => {
    const parent = { absoluteExpiresAt: at(20) };
    expect(refreshExpiry(at(15), 100, 10, parent)).toEqual({ absoluteExpiresAt: at(20), expiresAt: at(20) });
    expect(refreshExpiry(at(5), 100, 10, parent)).toEqual({ absoluteExpiresAt: at(20), expiresAt: at(15) });
  });

  it('gives a never-expiring family no idle window', () => {
    expect(refreshExpiry(now, -1, 10)).toEqual({ absoluteExpiresAt: null, expiresAt: null });
    expect(refreshExpiry(now, 100, 10, { absoluteExpiresAt: null })).toEqual({ absoluteExpiresAt: null, expiresAt: null });
  });
});
