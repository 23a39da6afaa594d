import bcrypt from 'bcryptjs';
import { PasswordScheme } from '../password-scheme';

/** `$2a$`, `$2b$` and `$2y$` (PHP's name for `$2b$`): cost, then 22 characters of salt and 31 of hash. */
const MODULAR = /^\$2[aby]\$(\d\d)\$[./A-Za-z0-9]{53}$/;

/** bcryptjs is pure JavaScript: cost 16 takes seconds, and every step up doubles it. */
export const BCRYPT_MAX_COST = 16;

export const bcryptScheme: PasswordScheme = {
  id: 'bcrypt',
  salted: false,
  recognizes: (hash) => /^\$2[abxy]?\$/.test(hash),
  problem(hash) {
    const m = MODULAR.exec(hash);
    if (!m) return 'is not a bcrypt hash ($2a$, $2b$ or $2y$, a two-digit cost, then 53 characters)';
    const cost = Number(m[1]);
    if (cost < 4 || cost > BCRYPT_MAX_COST) return `bcrypt cost must be 4-${BCRYPT_MAX_COST}`;
    return null;
  },
  async verify(password, hash) {
    if (bcryptScheme.problem(hash)) return false;
    try {
      return await bcrypt.compare(password, hash);
    } catch {
      return false;
    }
  },
};
