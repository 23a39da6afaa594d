import bcrypt from 'bcryptjs';
import { DIGEST_HASHES, DIGEST_PASSWORD, DIGEST_SALT, PBKDF2_HASHLIB, PUBLISHED_HASHES } from '../../../../test/support/password-fixtures';
import { PasswordSchemes } from './password-schemes';

const verify = async (f: { hash: string; scheme: string | null; salt: string | null }, password: string) => {
  const scheme = PasswordSchemes.schemeFor(f);
  expect(scheme).not.toBeNull();
  return scheme!.verify(password, f.hash, f.salt);
};

describe('PasswordSchemes: verification with hashes made elsewhere', () => {
  // Real-world work factors (bcrypt cost 12 in pure JavaScript, 870,000 pbkdf2 iterations), three
  // verifications per case, on a shared machine.
  jest.setTimeout(60_000);

  it.each([...PUBLISHED_HASHES, PBKDF2_HASHLIB, ...DIGEST_HASHES].map((f) => [f.name, f] as const))(
    '%s: the right password passes, a wrong one fails', async (_name, f) => {
      expect(await verify(f, f.password)).toBe(true);
      expect(await verify(f, `${f.password}x`)).toBe(false);
      expect(await verify(f, f.password.slice(1))).toBe(false);
    },
  );

  it('salted templates fail with the wrong salt or none', async () => {
    for (const f of DIGEST_HASHES.filter((d) => d.salt)) {
      expect(await verify({ ...f, salt: `${DIGEST_SALT}!` }, f.password)).toBe(false);
      expect(await verify({ ...f, salt: null }, f.password)).toBe(false);
    }
  });

  it('accepts a digest written in upper-case hex', async () => {
    const f = DIGEST_HASHES.find((d) => d.name === 'md5(md5($password).$salt)')!;
    expect(await verify({ ...f, hash: f.hash.toUpperCase() }, DIGEST_PASSWORD)).toBe(true);
  });

  it('bcrypt: $2a$, $2b$ and $2y$ of one hash are the same computation', async () => {
    const made = await bcrypt.hash('same password', 4);
    for (const prefix of ['$2a$', '$2b$', '$2y$']) {
      const hash = prefix + made.slice(4);
      expect(PasswordSchemes.validate({ hash })).toEqual({ ok: true, scheme: 'bcrypt', salt: null });
      expect(await verify({ hash, scheme: null, salt: null }, 'same password')).toBe(true);
      expect(await verify({ hash, scheme: null, salt: null }, 'same passwore')).toBe(false);
    }
  });

  it('a stored scheme that does not match the hash verifies nothing', async () => {
    const f = DIGEST_HASHES.find((d) => d.name === 'md5($password)')!;
    expect(PasswordSchemes.schemeFor({ hash: f.hash, scheme: 'sha1($password)', salt: null })).toBeNull();
    expect(PasswordSchemes.schemeFor({ hash: f.hash, scheme: 'no-such-scheme', salt: null })).toBeNull();
    expect(PasswordSchemes.schemeFor({ hash: f.hash, scheme: null, salt: null })).toBeNull();
    expect(PasswordSchemes.schemeFor({ hash: 'garbage', scheme: null, salt: null })).toBeNull();
  });
});

describe('PasswordSchemes.validate', () => {
  it.each([...PUBLISHED_HASHES, PBKDF2_HASHLIB, ...DIGEST_HASHES].map((f) => [f.name, f] as const))(
    '%s: accepted, with the scheme to store', (_name, f) => {
      const expected = f.name.startsWith('bcrypt') ? 'bcrypt' : f.name.startsWith('argon2') ? 'argon2' : f.name.startsWith('pbkdf2') ? 'pbkdf2_sha256' : f.scheme;
      expect(PasswordSchemes.validate({ hash: f.hash, scheme: f.scheme ?? undefined, salt: f.salt ?? undefined }))
        .toEqual({ ok: true, scheme: expected, salt: f.salt });
    },
  );

  it('treats an empty salt and a null scheme as absent', () => {
    expect(PasswordSchemes.validate({ hash: PUBLISHED_HASHES[0].hash, scheme: null, salt: '' })).toEqual({ ok: true, scheme: 'bcrypt', salt: null });
  });

  it.each([
    [{ hash: '' }, 'password_hash', /non-empty/],
    [{ hash: 42 }, 'password_hash', /non-empty string/],
    [{ hash: 'x'.repeat(256) }, 'password_hash', /at most 255/],
    [{ hash: 'plaintext-password' }, 'password_hash', /unrecognised hash format/],
    [{ hash: '99ce41b95e8eba6dcc458f64ee64c6a0' }, 'password_hash', /needs password_scheme/],
    [{ hash: '$2y$07$tooShort' }, 'password_hash', /not a bcrypt hash/],
    [{ hash: '$2b$31$cVWp4XaNU8a4v1uMRum2SO026BWLIoQMD/TXg5uZV.0P.uO8m3YEm' }, 'password_hash', /cost must be 4-16/],
    [{ hash: '$argon2d$v=19$m=32768,t=2,p=1$YWpxd0VYRW9MLmp6VjFPZw$pWV5IsbBfjEK5c0bHzvAo0FsDNHUyM4p6j8vf2cxzb8' }, 'password_hash', /argon2d/],
    [{ hash: '$argon2id$v=19$m=4194304,t=2,p=1$c29tZXNhbHQ$eP4eyR+zqlZX1y5xCFTkw9m5GYx0L5YWwvCFvtlbLow' }, 'password_hash', /out of range/],
    [{ hash: '$argon2id$nonsense' }, 'password_hash', /not a PHC argon2 hash/],
    [{ hash: 'pbkdf2_sha256$abc$salt$hash' }, 'password_hash', /not a Django pbkdf2_sha256 hash/],
    [{ hash: 'pbkdf2_sha256$99999999$seasalt$wJSpLMQRQz0Dhj/pFpbyjMj71B2gUYp6HJS5AU+32Ac=' }, 'password_hash', /iterations must be/],
    [{ hash: 'pbkdf2_sha1$10000$wz5B6WkasRoF$atJmJ1o+XfJxKq1+Nu1f1i57Z5I=' }, 'password_hash', /unrecognised/],
    [{ hash: '99ce41b95e8eba6dcc458f64ee64c6a0', scheme: 'md5' }, 'password_scheme', /unknown scheme "md5"; known: argon2, bcrypt, pbkdf2_sha256, md5\(\$password\)/],
    [{ hash: '99ce41b95e8eba6dcc458f64ee64c6a0', scheme: 7 }, 'password_scheme', /must be a string/],
    [{ hash: '99ce41b95e8eba6dcc458f64ee64c6a0', scheme: 'sha1($password)' }, 'password_hash', /not a sha1 digest/],
    [{ hash: 'z9ce41b95e8eba6dcc458f64ee64c6a0', scheme: 'md5($password)' }, 'password_hash', /32 hex digits/],
    [{ hash: PUBLISHED_HASHES[0].hash, scheme: 'argon2' }, 'password_hash', /not a PHC argon2 hash/],
    [{ hash: '931ea6e2080d7a8c8f6e81ba869f5405', scheme: 'md5($password.$salt)' }, 'password_salt', /is required by md5\(\$password\.\$salt\)/],
    [{ hash: '931ea6e2080d7a8c8f6e81ba869f5405', scheme: 'md5($password.$salt)', salt: '' }, 'password_salt', /is required/],
    [{ hash: '931ea6e2080d7a8c8f6e81ba869f5405', scheme: 'md5($password.$salt)', salt: 5 }, 'password_salt', /must be a string/],
    [{ hash: '931ea6e2080d7a8c8f6e81ba869f5405', scheme: 'md5($password.$salt)', salt: 's'.repeat(256) }, 'password_salt', /at most 255/],
    [{ hash: '99ce41b95e8eba6dcc458f64ee64c6a0', scheme: 'md5($password)', salt: 'abc' }, 'password_salt', /is not used by md5\(\$password\)$/],
    [{ hash: PUBLISHED_HASHES[0].hash, salt: 'abc' }, 'password_salt', /not used by bcrypt \(its salt is inside the hash\)/],
  ])('%p → %s error', (input, field, message) => {
    const result = PasswordSchemes.validate(input as never);
    expect(result).toMatchObject({ ok: false, field });
    expect(result.ok === false && result.message).toMatch(message);
  });

  it('names every scheme of PRODUCT.md', () => {
    expect(PasswordSchemes.ids()).toEqual([
      'argon2', 'bcrypt', 'pbkdf2_sha256', 'md5($password)', 'sha1($password)', 'sha256($password)',
      'md5($password.$salt)', 'md5($salt.$password)', 'md5(md5($password).$salt)', 'sha1($salt.$password)',
      'sha256($password.$salt)', 'sha256($salt.$password)',
    ]);
  });

  it('fingerprints a hash string with SHA-256', () => {
    expect(PasswordSchemes.fingerprint('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});
