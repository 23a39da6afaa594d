import { SecretBox } from './secret-box';

describe(SecretBox.name, () => {
  const box = new SecretBox('a-session-secret-of-some-length');

  it('opens what it sealed, for the same context only', () => {
    const sealed = box.seal('ghcs_secret', 'client-a');
    expect(sealed).not.toContain('ghcs_secret');
    expect(box.open(sealed, 'client-a')).toBe('ghcs_secret');
    expect(box.open(sealed, 'client-b')).toBeNull();
  });

  it('refuses a box sealed under another SESSION_SECRET, a tampered box and junk', () => {
    const sealed = box.seal('ghcs_secret', 'c');
    expect(new SecretBox('another-secret').open(sealed, 'c')).toBeNull();
    const bytes = Buffer.from(sealed, 'base64url');
    bytes[bytes.length - 1] ^= 1;
    expect(box.open(bytes.toString('base64url'), 'c')).toBeNull();
    expect(box.open('???', 'c')).toBeNull();
    expect(box.open(42, 'c')).toBeNull();
  });
});
