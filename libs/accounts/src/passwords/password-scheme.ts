/**
 * One way a stored password hash is checked. The registry (password-schemes.ts) picks the scheme
 * named on the user, or the one that recognises the hash; each scheme lives in schemes/.
 */
export interface PasswordScheme {
  /** The name an import file gives in `password_scheme`, stored on the user. */
  readonly id: string;
  /** True when the hash needs a separate `password_salt` (the salted digest templates). */
  readonly salted: boolean;
  /** True when the hash string alone says it is this scheme (a prefix such as `$2b$`). */
  recognizes(hash: string): boolean;
  /** Why this hash cannot be verified by this scheme (for `password_hash`), or null when it can. */
  problem(hash: string): string | null;
  /** Never throws: a malformed hash is a mismatch. */
  verify(password: string, hash: string, salt: string | null): Promise<boolean>;
}
