import { Injectable } from '@nestjs/common';
import { PairwiseSubject, UsersService } from '@app/accounts';
import type { ValidatedAccessToken } from '@app/tokens';
import { insufficientScopeError, invalidTokenError } from '../bearer/bearer-errors';
import { MeView } from './me.view';

/** Either scope opens /me; each decides which fields are shown. */
export const ME_SCOPES = ['user_id_read', 'profile'] as const;

/**
 * The resource API's one resource (RFC 6750 §3.1): a user-bound token with user_id_read or
 * profile, else 403 insufficient_scope (client_credentials tokens have no user); the user must
 * still be active, else 401 invalid_token. `openid` is pairwise for the token's client.
 */
@Injectable()
export class MeService {
  constructor(private readonly users: UsersService, private readonly pairwise: PairwiseSubject) {}

  async describe(token: ValidatedAccessToken): Promise<MeView> {
    const canReadId = token.scopes.includes('user_id_read');
    const canReadProfile = token.scopes.includes('profile');
    if (!token.userId) throw insufficientScopeError(ME_SCOPES, 'This token was not granted by a user');
    if (!canReadId && !canReadProfile) throw insufficientScopeError(ME_SCOPES, 'The token needs scope user_id_read or profile');
    const user = await this.users.findById(token.userId);
    if (!user || user.disabled) throw invalidTokenError('The user of this token is no longer active');
    return Object.assign(new MeView(), {
      ...(canReadId ? { user_id: user.id } : {}),
      openid: await this.pairwise.openidFor(user.id, token.clientId),
      ...(canReadProfile ? { username: user.username, display_name: user.display_name } : {}),
    });
  }
}
