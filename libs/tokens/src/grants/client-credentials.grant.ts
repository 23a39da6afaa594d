import { Transactions } from '@app/persistence';
import { Injectable } from '@nestjs/common';
import { InvalidScopeError, timeOrderedUuid, UnauthorizedClientError } from '@app/common';
import { ScopesService } from '@app/clients';
import { TokenIssuer } from '../generators/token-issuer';
import { TokenResult } from '../token-result';
import { GrantHandler, GrantRequest } from './grant-handler';
import { parseResourceParam } from './resource-param';
import { assertScopesWithin, parseScopeParam } from './scope-param';

/**
 * RFC 6749 §4.4 (client_credentials), OAuth 2.1 §4.2.
 * - confidential clients only (#25: a public client → unauthorized_client);
 * - scope ⊆ the channel's approved scopes, and never a scope that describes a user (user-bound:
 *   openid, profile, user_id_read, snsapi_login … — the token has no user) → invalid_scope;
 * - no scope → the documented default set (RFC 6749 §3.3): the channel's approved scopes that
 *   are not user-bound; none left → a token without scope, which only says which client it is;
 * - no refresh token (#29, RFC 6749 §4.4.3); the token has no user, so it can never be
 *   mistaken for a user's (#39: introspection names it "client:<client_id>").
 * Each issuance is a grant of its own, so it can be revoked alone. RFC 8707 `resource` sets aud.
 */
@Injectable()
export class ClientCredentialsGrant implements GrantHandler {
  readonly grantType = 'client_credentials';
  readonly params = ['scope', 'resource'] as const;

  constructor(private readonly transactions: Transactions, private readonly issuer: TokenIssuer, private readonly scopeCatalog: ScopesService) {}

  async handle({ client, params, options }: GrantRequest): Promise<TokenResult> {
    if (client.isPublic) throw new UnauthorizedClientError('client_credentials is only for confidential clients');
    const requested = parseScopeParam(params.scope);
    const userBound = await this.scopeCatalog.userBound();
    if (requested) {
      const personal = requested.filter((s) => userBound.has(s));
      if (personal.length) {
        throw new InvalidScopeError(`scope ${personal.map((s) => `"${s}"`).join(', ')} describes a user; a client_credentials token has none (use the authorization code flow)`);
      }
      assertScopesWithin(requested, client.scopes, "the channel's approved scopes");
    }
    const scopes = requested ?? client.scopes.filter((s) => !userBound.has(s));
    const audience = parseResourceParam(params.resource);
    // No refresh token: the issuance is one INSERT … SELECT, atomic without a transaction.
    return this.transactions.statement((m) => this.issuer.issue({
      client, userId: null, scopes, grantId: timeOrderedUuid(), audience, lifetimes: options,
    }, m));
  }
}
