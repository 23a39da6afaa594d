import { Injectable } from '@nestjs/common';
import { Algorithm, hash, verify } from '@node-rs/argon2';

/**
 * Passwords are hashed with argon2id (OWASP parameters: 19 MiB, t=2, p=1). People choose
 * passwords, so unlike client secrets they need a slow, memory-hard hash.
 */
@Injectable()
export class PasswordHasher {
  private readonly options = { algorithm: Algorithm.Argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 };
  /** Verified when the account does not exist, so that timing does not reveal usernames. */
  private dummy?: Promise<string>;

  hash(password: string): Promise<string> {
    return hash(password, this.options);
  }

  async verify(passwordHash: string | null, password: string): Promise<boolean> {
    if (!passwordHash) {
      this.dummy ??= this.hash('gatehouse-dummy-password');
      await verify(await this.dummy, password).catch(() => false);
      return false;
    }
    try {
      return await verify(passwordHash, password);
    } catch {
      return false;
    }
  }
}
