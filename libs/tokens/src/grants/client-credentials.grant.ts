import { Transactions } from '@app/persistence';
import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { UnauthorizedClientError } from '@app/common';
import { TokenIssuer } from '../generators/token-issuer';
import { TokenResult } from '../token-result';
import { GrantHandler, GrantRequest } from './grant-handler';
import { parseResourceParam } from './resource-param';
import { assertScopesWithin, parseScopeParam } from './scope-param';

/**
 * RFC 6749 §4.4 (client_credentials), OAuth 2.1 §4.2.
 * - confidential clients only (#25: a public client → unauthorized_client);
 * - scope ⊆ the channel's approved scopes (omitted → all of them, RFC 6749 §3.3);
 * - no refresh token (#29, RFC 6749 §4.4.3); the token has no user, so it can never be
 *   mistaken for a user's (#39: introspection names it "client:<client_id>").
 * Each issuance is a grant of its own, so it can be revoked alone. RFC 8707 `resource` sets aud.
 */
@Injectable()
export class ClientCredentialsGrant implements GrantHandler {
  readonly grantType = 'client_credentials';
  readonly params = ['scope', 'resource'] as const;

  constructor(private readonly transactions: Transactions, private readonly issuer: TokenIssuer) {}

  async handle({ client, params, options }: GrantRequest): Promise<TokenResult> {
    if (client.isPublic) throw new UnauthorizedClientError('client_credentials is only for confidential clients');
    const requested = parseScopeParam(params.scope);
    if (requested) assertScopesWithin(requested, client.scopes, "the channel's approved scopes");
    const scopes = requested ?? [...client.scopes];
    const audience = parseResourceParam(params.resource);
    // No refresh token: the issuance is one INSERT … SELECT, atomic without a transaction.
    return this.transactions.statement((m) => this.issuer.issue({
      client, userId: null, scopes, grantId: randomUUID(), audience, lifetimes: options,
    }, m));
  }
}
