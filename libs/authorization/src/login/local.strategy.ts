import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { Strategy } from 'passport-local';
import { PASSWORD_VERIFIER, PasswordVerifier, SignInUnavailableError, UserView } from '@app/accounts';

export const LOCAL_STRATEGY = 'gatehouse-local';

/**
 * STYLE rule 10: the strategy only asks accounts whether the password is right (through the
 * bound PASSWORD_VERIFIER: local hashes, or the platform's webhook in LOGIN_MODE=verify).
 */
@Injectable()
export class LocalStrategy extends PassportStrategy(Strategy, LOCAL_STRATEGY) {
  constructor(@Inject(PASSWORD_VERIFIER) private readonly verifier: PasswordVerifier) {
    super({ usernameField: 'username', passwordField: 'password', session: false });
  }

  async validate(username: string, password: string): Promise<UserView | null> {
    const result = await this.verifier.verify(username, password);
    if (result.outcome === 'unavailable') throw new SignInUnavailableError(result.reason);
    return result.outcome === 'valid' ? result.user : null;
  }
}
