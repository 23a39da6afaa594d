import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { Strategy } from 'passport-local';
import { UsersService, UserView } from '@app/accounts';

export const LOCAL_STRATEGY = 'gatehouse-local';

/** STYLE rule 10: the strategy only asks accounts whether the password is right. */
@Injectable()
export class LocalStrategy extends PassportStrategy(Strategy, LOCAL_STRATEGY) {
  constructor(private readonly users: UsersService) {
    super({ usernameField: 'username', passwordField: 'password', session: false });
  }

  validate(username: string, password: string): Promise<UserView | null> {
    return this.users.verifyCredentials(username, password);
  }
}
