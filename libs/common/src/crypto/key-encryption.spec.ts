import { KeyEncryption } from './key-encryption';

describe(KeyEncryption.name, () => {
  const secret = 'a'.repeat(32);

  it('round-trips and never stores the plaintext', () => {
    const sealed = new KeyEncryption(secret).seal('-----BEGIN PRIVATE KEY-----xyz', 'kid-1');
    expect(sealed).not.toContain('PRIVATE KEY');
    expect(new KeyEncryption(secret).open(sealed, 'kid-1')).toBe('-----BEGIN PRIVATE KEY-----xyz');
  });

  it('refuses another secret, another key id, or an altered value', () => {
    const sealed = new KeyEncryption(secret).seal('key', 'kid-1');
    expect(() => new KeyEncryption('b'.repeat(32)).open(sealed, 'kid-1')).toThrow();
    expect(() => new KeyEncryption(secret).open(sealed, 'kid-2')).toThrow();
    const parts = sealed.split('.');
    parts[3] = Buffer.from('kez').toString('base64url');
    expect(() => new KeyEncryption(secret).open(parts.join('.'), 'kid-1')).toThrow();
  });
});
