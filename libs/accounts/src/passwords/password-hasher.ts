import { Injectable } from '@nestjs/common';
import { Algorithm, hash, verify } from '@node-rs/argon2';
import { argon2Params } from './schemes/argon2.scheme';
import { PasswordSchemes, StoredPassword } from './password-schemes';

export interface PasswordVerdict {
  ok: boolean;
  /** The password was right and its hash should be replaced by one of ours (argon2id). */
  rehash: boolean;
}

/**
 * Passwords are hashed with argon2id (OWASP parameters: 19 MiB, t=2, p=1). People choose
 * passwords, so unlike client secrets they need a slow, memory-hard hash. Imported hashes of other
 * schemes are verified by the scheme stored with them (PasswordSchemes) until the first
 * successful login replaces them.
 */
@Injectable()
export class PasswordHasher {
  private readonly options = { algorithm: Algorithm.Argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 };
  /** Verified when there is nothing to verify against, so that timing does not tell. */
  private dummy?: Promise<string>;

  hash(password: string): Promise<string> {
    return hash(password, this.options);
  }

  /**
   * Never throws. No stored password (unknown user, or one who signs in only through delegated
   * login), a hash no scheme can verify, or a wrong password against a fast legacy digest all
   * cost one argon2id verification, as a wrong password against our own hashes does.
   */
  async verify(stored: StoredPassword | null, password: string): Promise<PasswordVerdict> {
    const scheme = stored?.hash ? PasswordSchemes.schemeFor(stored) : null;
    if (!stored || !scheme) {
      await this.burn(password);
      return { ok: false, rehash: false };
    }
    let ok = false;
    try {
      ok = await scheme.verify(password, stored.hash, stored.salt);
    } catch {
      ok = false;
    }
    if (!ok && scheme.id !== 'argon2') await this.burn(password);
    return { ok, rehash: ok && this.needsRehash(stored) };
  }

  /** True unless the hash is argon2id (v=19) at least as strong as what we would write. */
  needsRehash(stored: StoredPassword): boolean {
    if (PasswordSchemes.schemeFor(stored)?.id !== 'argon2') return true;
    const p = argon2Params(stored.hash);
    return !p || p.variant !== 'id' || p.version !== 19 || p.memoryCost < this.options.memoryCost || p.timeCost < this.options.timeCost;
  }

  private async burn(password: string): Promise<void> {
    this.dummy ??= this.hash('gatehouse-dummy-password');
    await verify(await this.dummy, password).catch(() => false);
  }
}
