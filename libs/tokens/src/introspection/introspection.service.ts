import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@app/common';
import { PairwiseSubject, UsersService } from '@app/accounts';
import type { Client } from '@app/clients';
import { isActive, TokenLookup } from '../store/token-lookup';
import { IntrospectionView } from './introspection.view';

/**
 * RFC 7662 §2 token introspection (#35, #39).
 * - a client learns about its own tokens only: another client's token is {active:false};
 * - revoked, expired, rotated, unknown tokens, and tokens of a disabled user → {active:false}
 *   and nothing else (§2.2);
 * - `sub` is the user's pairwise openid for the token's client; a client_credentials token's
 *   sub is "client:<client_id>", a namespace no user sub can fall into (#39).
 */
@Injectable()
export class IntrospectionService {
  constructor(
    private readonly lookup: TokenLookup,
    private readonly users: UsersService,
    private readonly pairwise: PairwiseSubject,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async introspect(caller: Client, token: string, hint?: string): Promise<IntrospectionView> {
    const found = await this.lookup.find(token, hint);
    if (!found || found.row.clientId !== caller.clientId || !isActive(found)) return IntrospectionView.inactive();
    const { row } = found;
    let username: string | undefined;
    let sub = `client:${row.clientId}`;
    if (row.userId) {
      const user = await this.users.findById(row.userId);
      if (!user || user.disabled) return IntrospectionView.inactive();
      username = user.username;
      sub = await this.pairwise.openidFor(user.id, row.clientId);
    }
    return Object.assign(new IntrospectionView(), {
      active: true,
      scope: row.scope,
      client_id: row.clientId,
      ...(username ? { username } : {}),
      sub,
      ...(found.kind === 'access_token' ? { token_type: 'Bearer' } : {}),
      ...(row.expiresAt ? { exp: Math.floor(row.expiresAt.getTime() / 1000) } : {}),
      iat: Math.floor(row.createdAt.getTime() / 1000),
      ...(found.kind === 'access_token' && found.row.audience ? { aud: found.row.audience } : {}),
      iss: this.config.server.issuer,
    });
  }
}
