import { createHash } from 'node:crypto';
import { PasswordScheme } from './password-scheme';
import { argon2Scheme } from './schemes/argon2.scheme';
import { bcryptScheme } from './schemes/bcrypt.scheme';
import { djangoPbkdf2Scheme } from './schemes/django-pbkdf2.scheme';
import { saltedDigestSchemes } from './schemes/salted-digest.scheme';

const SCHEMES: readonly PasswordScheme[] = [argon2Scheme, bcryptScheme, djangoPbkdf2Scheme, ...saltedDigestSchemes];
const BY_ID = new Map(SCHEMES.map((s) => [s.id, s]));

/** The column sizes: longer values cannot be stored, so they are refused up front. */
export const PASSWORD_HASH_MAX = 255;
export const PASSWORD_SALT_MAX = 255;

/** A stored password: the hash, the scheme named on the user (null: recognise it), the salt. */
export interface StoredPassword {
  hash: string;
  scheme: string | null;
  salt: string | null;
}

export type PasswordField = 'password_hash' | 'password_scheme' | 'password_salt';

export type PasswordCheck =
  | { ok: true; scheme: string; salt: string | null }
  | { ok: false; field: PasswordField; message: string };

/**
 * The registry of password schemes: a scheme named on the user wins, otherwise the one that
 * recognises the hash. Pure (no I/O): the importer validates every line with it before writing.
 */
export const PasswordSchemes = {
  /** Every scheme name an import may give in `password_scheme`. */
  ids(): string[] {
    return SCHEMES.map((s) => s.id);
  },

  /**
   * Checks an imported `{password_hash, password_scheme?, password_salt?}`: the scheme to store
   * (named, or recognised from the hash) and the salt (null when empty), or the field at fault.
   */
  validate(input: { hash: unknown; scheme?: unknown; salt?: unknown }): PasswordCheck {
    const { hash, scheme: named, salt: rawSalt } = input;
    if (typeof hash !== 'string' || hash.length === 0) return fail('password_hash', 'must be a non-empty string');
    if (hash.length > PASSWORD_HASH_MAX) return fail('password_hash', `must be at most ${PASSWORD_HASH_MAX} characters`);
    if (named !== undefined && named !== null && typeof named !== 'string') return fail('password_scheme', 'must be a string');
    if (rawSalt !== undefined && rawSalt !== null && typeof rawSalt !== 'string') return fail('password_salt', 'must be a string');
    const salt = rawSalt ? rawSalt : null;
    if (salt && salt.length > PASSWORD_SALT_MAX) return fail('password_salt', `must be at most ${PASSWORD_SALT_MAX} characters`);

    let scheme: PasswordScheme | undefined;
    if (named) {
      scheme = BY_ID.get(named);
      if (!scheme) return fail('password_scheme', `unknown scheme "${named}"; known: ${PasswordSchemes.ids().join(', ')}`);
    } else {
      scheme = SCHEMES.find((s) => s.recognizes(hash));
      if (!scheme) {
        return fail('password_hash', /^[0-9a-fA-F]+$/.test(hash)
          ? 'a hex digest needs password_scheme naming its formula, e.g. md5(md5($password).$salt)'
          : 'unrecognised hash format (bcrypt $2a$/$2b$/$2y$, $argon2id$/$argon2i$, pbkdf2_sha256$…, or name password_scheme)');
      }
    }
    const problem = scheme.problem(hash);
    if (problem) return fail('password_hash', problem);
    if (scheme.salted && !salt) return fail('password_salt', `is required by ${scheme.id}`);
    if (!scheme.salted && salt) return fail('password_salt', `is not used by ${scheme.id}${scheme.id.includes('$') ? '' : ' (its salt is inside the hash)'}`);
    return { ok: true, scheme: scheme.id, salt };
  },

  /** The scheme that verifies a stored password, or null when none can. */
  schemeFor(stored: StoredPassword): PasswordScheme | null {
    const scheme = stored.scheme ? BY_ID.get(stored.scheme) : SCHEMES.find((s) => s.recognizes(stored.hash));
    return scheme && !scheme.problem(stored.hash) ? scheme : null;
  },

  /** SHA-256 (lower-case hex) of an imported hash string, kept on the user as `imported_hash_sha256`. */
  fingerprint(hash: string): string {
    return createHash('sha256').update(hash, 'utf8').digest('hex');
  },
};

function fail(field: PasswordField, message: string): PasswordCheck {
  return { ok: false, field, message };
}
