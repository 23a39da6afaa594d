import { pbkdf2, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import { PasswordScheme } from '../password-scheme';

const derive = promisify(pbkdf2);

/** Django's `pbkdf2_sha256$<iterations>$<salt>$<base64 of the 32-byte derived key>`. */
const DJANGO = /^pbkdf2_sha256\$(\d{1,9})\$([^$]{1,128})\$([A-Za-z0-9+/]{43}=)$/;

/** Django 5.2 uses 1,000,000 iterations; far beyond that one login costs seconds. */
export const PBKDF2_MAX_ITERATIONS = 10_000_000;

export const djangoPbkdf2Scheme: PasswordScheme = {
  id: 'pbkdf2_sha256',
  salted: false,
  recognizes: (hash) => hash.startsWith('pbkdf2_sha256$'),
  problem(hash) {
    const m = DJANGO.exec(hash);
    if (!m) return 'is not a Django pbkdf2_sha256 hash (pbkdf2_sha256$iterations$salt$base64)';
    const iterations = Number(m[1]);
    if (iterations < 1 || iterations > PBKDF2_MAX_ITERATIONS) return `pbkdf2_sha256 iterations must be 1-${PBKDF2_MAX_ITERATIONS}`;
    return null;
  },
  async verify(password, hash) {
    const m = DJANGO.exec(hash);
    if (!m || djangoPbkdf2Scheme.problem(hash)) return false;
    const expected = Buffer.from(m[3], 'base64');
    const actual = await derive(Buffer.from(password, 'utf8'), Buffer.from(m[2], 'utf8'), Number(m[1]), expected.length, 'sha256');
    return timingSafeEqual(actual, expected);
  },
};
