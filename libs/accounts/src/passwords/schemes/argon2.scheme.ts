import { verify } from '@node-rs/argon2';
import { PasswordScheme } from '../password-scheme';

/** PHC argon2 strings: `$argon2id$v=19$m=…,t=…,p=…$salt$hash` (and `$argon2i$`). */
const PHC = /^\$argon2(id|i)\$(?:v=(16|19)\$)?m=(\d{1,7}),t=(\d{1,3}),p=(\d{1,3})\$([A-Za-z0-9+/]{11,})\$([A-Za-z0-9+/]{16,})$/;

/** Bounds that keep one verification affordable on a small server (256 MiB, 16 passes, 16 lanes). */
export const ARGON2_LIMITS = { memoryKiB: 262_144, time: 16, parallelism: 16 };

export interface Argon2Params {
  variant: 'id' | 'i';
  version: number;
  memoryCost: number;
  timeCost: number;
  parallelism: number;
}

export function argon2Params(hash: string): Argon2Params | null {
  const m = PHC.exec(hash);
  if (!m) return null;
  return { variant: m[1] as 'id' | 'i', version: Number(m[2] ?? 16), memoryCost: Number(m[3]), timeCost: Number(m[4]), parallelism: Number(m[5]) };
}

export const argon2Scheme: PasswordScheme = {
  id: 'argon2',
  salted: false,
  recognizes: (hash) => /^\$argon2(id|i|d)\$/.test(hash),
  problem(hash) {
    if (hash.startsWith('$argon2d$')) return 'argon2d hashes are not supported (argon2id and argon2i are)';
    const p = argon2Params(hash);
    if (!p) return 'is not a PHC argon2 hash ($argon2id$v=19$m=…,t=…,p=…$salt$hash)';
    if (p.memoryCost > ARGON2_LIMITS.memoryKiB || p.timeCost > ARGON2_LIMITS.time || p.parallelism > ARGON2_LIMITS.parallelism
      || p.memoryCost < 8 * p.parallelism || p.timeCost < 1 || p.parallelism < 1) {
      return `argon2 parameters out of range (m ≤ ${ARGON2_LIMITS.memoryKiB}, t ≤ ${ARGON2_LIMITS.time}, p ≤ ${ARGON2_LIMITS.parallelism})`;
    }
    return null;
  },
  async verify(password, hash) {
    if (argon2Scheme.problem(hash)) return false;
    try {
      return await verify(hash, password);
    } catch {
      return false;
    }
  },
};
