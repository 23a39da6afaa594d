import type { UserEntity } from '@app/persistence';
import { PasswordSchemes } from './password-schemes';

export type ImportedPasswordColumns = Pick<UserEntity, 'passwordHash' | 'passwordScheme' | 'passwordSalt' | 'importedHashSha256'>;

/**
 * The `users` columns an imported password fills, once PasswordSchemes.validate accepted it
 * (`scheme` and `salt` are what it answered). The hash is kept as given; the first successful
 * login replaces it by argon2id, and `importedHashSha256` remembers which string was imported.
 */
export function importedPasswordColumns(hash: string, accepted: { scheme: string; salt: string | null }): ImportedPasswordColumns {
  return {
    passwordHash: hash,
    passwordScheme: accepted.scheme,
    passwordSalt: accepted.salt,
    importedHashSha256: PasswordSchemes.fingerprint(hash),
  };
}

/**
 * True when `hash` is the string this user was last imported with, even if a login has since
 * re-hashed it or the user has since changed the password: importing it again changes nothing.
 */
export function isSameImportedPassword(user: Pick<UserEntity, 'importedHashSha256'>, hash: string): boolean {
  return user.importedHashSha256 !== null && user.importedHashSha256 === PasswordSchemes.fingerprint(hash);
}
