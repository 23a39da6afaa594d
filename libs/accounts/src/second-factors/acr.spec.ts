import { acrFor, satisfiesAcrValues } from './acr';
import { totpCode, totpStep } from './totp';

describe('acrFor', () => {
  it('is mfa only with a second factor', () => {
    expect(acrFor(['pwd'])).toBe('pwd');
    expect(acrFor(['pwd', 'otp', 'mfa'])).toBe('mfa');
    expect(acrFor(['pwd', 'hwk'])).toBe('mfa');
    expect(acrFor(['otp'])).toBe('pwd');
  });

  it('a passwordless passkey sign-in (user verified) is mfa; a password with a passkey too', () => {
    expect(acrFor(['hwk'])).toBe('mfa');
    expect(acrFor(['pwd', 'hwk', 'mfa'])).toBe('mfa');
    expect(satisfiesAcrValues(['hwk'], 'mfa')).toBe(true);
  });

  it('acr_values=mfa is satisfied only by an mfa login, unless pwd is acceptable too', () => {
    expect(satisfiesAcrValues(['pwd'], undefined)).toBe(true);
    expect(satisfiesAcrValues(['pwd'], 'mfa')).toBe(false);
    expect(satisfiesAcrValues(['pwd'], 'mfa pwd')).toBe(true);
    expect(satisfiesAcrValues(['pwd', 'otp', 'mfa'], 'mfa')).toBe(true);
  });
});

describe('totpStep', () => {
  const secret = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
  it('accepts the codes of the previous, current and next 30-second steps, and nothing else', () => {
    const now = 1_800_000_000_000;
    const step = Math.floor(now / 30_000);
    expect(totpStep(secret, totpCode(secret, now), now)).toBe(step);
    expect(totpStep(secret, totpCode(secret, now - 30_000), now)).toBe(step - 1);
    expect(totpStep(secret, totpCode(secret, now + 30_000), now)).toBe(step + 1);
    expect(totpStep(secret, totpCode(secret, now + 60_000), now)).toBeNull();
    expect(totpStep(secret, 'abcdef', now)).toBeNull();
  });

  it('matches RFC 6238 appendix B (SHA-1, 8 digits truncated to our 6)', () => {
    // RFC 6238's SHA-1 key "12345678901234567890"; T = 59 s → 94287082 (8 digits), so 287082 in 6.
    const rfcKey = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
    expect(totpCode(rfcKey, 59_000)).toBe('287082');
  });
});
