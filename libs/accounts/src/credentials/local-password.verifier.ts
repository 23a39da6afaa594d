import { Injectable } from '@nestjs/common';
import { UsersService } from '../users.service';
import type { PasswordVerifier, VerifyOutcome } from './password-verifier';

/** LOGIN_MODE=local (and provider): the argon2id hashes in Gatehouse's own users table. */
@Injectable()
export class LocalPasswordVerifier implements PasswordVerifier {
  constructor(private readonly users: UsersService) {}

  async verify(username: string, password: string): Promise<VerifyOutcome> {
    const user = await this.users.verifyCredentials(username, password);
    return user ? { outcome: 'valid', user } : { outcome: 'invalid' };
  }
}
