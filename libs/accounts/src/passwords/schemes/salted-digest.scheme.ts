import { createHash, timingSafeEqual } from 'node:crypto';
import { PasswordScheme } from '../password-scheme';

type Algorithm = 'md5' | 'sha1' | 'sha256';
const HEX_LENGTH: Record<Algorithm, number> = { md5: 32, sha1: 40, sha256: 64 };

const hex = (alg: Algorithm, data: string | Buffer) => createHash(alg).update(data).digest('hex');

/**
 * The legacy digest formulas, named literally as PHP writes them (`.` joins strings): the outer
 * digest, and what it is taken of. Strings are UTF-8; inner digests are lower-case hex, as PHP's
 * md5() returns them. To add one, add a line.
 */
const TEMPLATES: Record<string, { alg: Algorithm; salted: boolean; input: (password: string, salt: string) => string }> = {
  'md5($password)': { alg: 'md5', salted: false, input: (p) => p },
  'sha1($password)': { alg: 'sha1', salted: false, input: (p) => p },
  'sha256($password)': { alg: 'sha256', salted: false, input: (p) => p },
  'md5($password.$salt)': { alg: 'md5', salted: true, input: (p, s) => p + s },
  'md5($salt.$password)': { alg: 'md5', salted: true, input: (p, s) => s + p },
  'md5(md5($password).$salt)': { alg: 'md5', salted: true, input: (p, s) => hex('md5', p) + s },
  'sha1($salt.$password)': { alg: 'sha1', salted: true, input: (p, s) => s + p },
  'sha256($password.$salt)': { alg: 'sha256', salted: true, input: (p, s) => p + s },
  'sha256($salt.$password)': { alg: 'sha256', salted: true, input: (p, s) => s + p },
};

/**
 * A hex digest says nothing about how it was made (md5 of the password, or of password and salt,
 * or of an md5…), so these are never recognised from the hash: the import names them.
 */
export const saltedDigestSchemes: PasswordScheme[] = Object.entries(TEMPLATES).map(([id, t]) => {
  const shape = new RegExp(`^[0-9a-fA-F]{${HEX_LENGTH[t.alg]}}$`);
  return {
    id,
    salted: t.salted,
    recognizes: () => false,
    problem: (hash: string) => (shape.test(hash) ? null : `is not a ${t.alg} digest for ${id} (${HEX_LENGTH[t.alg]} hex digits)`),
    async verify(password: string, hash: string, salt: string | null) {
      if (!shape.test(hash) || (t.salted && !salt)) return false;
      const actual = Buffer.from(hex(t.alg, Buffer.from(t.input(password, salt ?? ''), 'utf8')), 'latin1');
      return timingSafeEqual(actual, Buffer.from(hash.toLowerCase(), 'latin1'));
    },
  };
});
