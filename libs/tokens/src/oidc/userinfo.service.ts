import { Injectable } from '@nestjs/common';
import { InsufficientScopeError, InvalidTokenError } from '@app/common';
import { PairwiseSubject, UsersService } from '@app/accounts';
import type { ValidatedAccessToken } from '../validation/access-token-validator';

export interface UserInfo {
  sub: string;
  preferred_username?: string;
  name?: string;
}

/**
 * OIDC Core §5.3 UserInfo: `sub` (the same pairwise openid as the ID Token's), and under the
 * `profile` scope `preferred_username` and `name` (§5.4). A token without `openid`, or without
 * a user (client_credentials), is refused, each with a description that says which.
 */
@Injectable()
export class UserInfoService {
  constructor(private readonly users: UsersService, private readonly pairwise: PairwiseSubject) {}

  async claimsFor(token: ValidatedAccessToken): Promise<UserInfo> {
    if (!token.userId) {
      throw withChallenge(new InsufficientScopeError(
        'This access token was issued to a client (client_credentials), not a user: there is no user to describe. Use a token from the authorization code flow with the openid scope',
      ));
    }
    if (!token.scopes.includes('openid')) {
      throw withChallenge(new InsufficientScopeError('The access token was not granted the openid scope'), 'openid');
    }
    const user = await this.users.findById(token.userId);
    if (!user || user.disabled) throw withChallenge(new InvalidTokenError('The user of this access token is no longer active'));
    const info: UserInfo = { sub: await this.pairwise.openidFor(user.id, token.clientId) };
    if (token.scopes.includes('profile')) {
      info.preferred_username = user.username;
      info.name = user.display_name ?? user.username;
    }
    return info;
  }
}

/** RFC 6750 §3: every bearer failure names its error in WWW-Authenticate. */
export function withChallenge<E extends InvalidTokenError | InsufficientScopeError>(err: E, scope?: string): E {
  const attrs = [`realm="gatehouse"`, `error="${err.error}"`, `error_description="${err.description.replace(/["\\]/g, '')}"`];
  if (scope) attrs.push(`scope="${scope}"`);
  err.headers['WWW-Authenticate'] = `Bearer ${attrs.join(', ')}`;
  return err;
}
