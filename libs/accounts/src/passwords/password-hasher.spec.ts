import { Algorithm, hash } from '@node-rs/argon2';
import { DIGEST_HASHES, PUBLISHED_HASHES } from '../../../../test/support/password-fixtures';
import { PasswordHasher } from './password-hasher';

describe(PasswordHasher.name, () => {
  const hasher = new PasswordHasher();
  const stored = (f: { hash: string; scheme: string | null; salt: string | null }) => ({ hash: f.hash, scheme: f.scheme, salt: f.salt });
  const burns = () => jest.spyOn(hasher as unknown as { burn: () => Promise<void> }, 'burn');
  afterEach(() => jest.restoreAllMocks());

  it('hashes with argon2id, which verifies and needs no re-hash', async () => {
    const own = await hasher.hash('a fine password');
    expect(own).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await hasher.verify({ hash: own, scheme: null, salt: null }, 'a fine password')).toEqual({ ok: true, rehash: false });
    expect(await hasher.verify({ hash: own, scheme: 'argon2', salt: null }, 'a fine password')).toEqual({ ok: true, rehash: false });
    expect(await hasher.verify({ hash: own, scheme: null, salt: null }, 'a fine passworD')).toEqual({ ok: false, rehash: false });
  });

  it('asks for a re-hash after a right password under any other scheme', async () => {
    for (const f of [PUBLISHED_HASHES[0], ...DIGEST_HASHES]) {
      expect(await hasher.verify(stored(f), f.password)).toEqual({ ok: true, rehash: true });
    }
  });

  it('asks for a re-hash of argon2i and of weaker argon2id parameters, not of stronger ones', async () => {
    const argon2i = PUBLISHED_HASHES.find((f) => f.name.startsWith('argon2i'))!;
    expect(await hasher.verify(stored(argon2i), argon2i.password)).toEqual({ ok: true, rehash: true });
    const weak = await hash('pw-weak', { algorithm: Algorithm.Argon2id, memoryCost: 4096, timeCost: 2, parallelism: 1 });
    expect(await hasher.verify({ hash: weak, scheme: null, salt: null }, 'pw-weak')).toEqual({ ok: true, rehash: true });
    const strong = await hash('pw-strong', { algorithm: Algorithm.Argon2id, memoryCost: 32768, timeCost: 3, parallelism: 1 });
    expect(await hasher.verify({ hash: strong, scheme: null, salt: null }, 'pw-strong')).toEqual({ ok: true, rehash: false });
  });

  it('never throws, and spends an argon2id verification where there is nothing (or only a fast digest) to check', async () => {
    const spy = burns();
    expect(await hasher.verify(null, 'anything')).toEqual({ ok: false, rehash: false });
    expect(await hasher.verify({ hash: '', scheme: null, salt: null }, 'anything')).toEqual({ ok: false, rehash: false });
    expect(await hasher.verify({ hash: 'not a hash', scheme: null, salt: null }, 'anything')).toEqual({ ok: false, rehash: false });
    expect(await hasher.verify({ hash: '99ce41b95e8eba6dcc458f64ee64c6a0', scheme: 'no-such', salt: null }, 'x')).toEqual({ ok: false, rehash: false });
    expect(await hasher.verify({ hash: '$argon2id$v=19$m=19456,t=2,p=1$AAAA$BBBB', scheme: null, salt: null }, 'x')).toEqual({ ok: false, rehash: false });
    expect(spy).toHaveBeenCalledTimes(5);
    const md5 = DIGEST_HASHES[0];
    expect(await hasher.verify(stored(md5), 'wrong')).toEqual({ ok: false, rehash: false });
    expect(spy).toHaveBeenCalledTimes(6);
    expect(await hasher.verify(stored(md5), md5.password)).toEqual({ ok: true, rehash: true });
    expect(spy).toHaveBeenCalledTimes(6);
  });
});
