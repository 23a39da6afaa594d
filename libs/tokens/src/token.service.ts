import { Injectable } from '@nestjs/common';
import { InvalidClientError, UnauthorizedClientError } from '@app/common';
import type { Client } from '@app/clients';
import { GrantRegistry } from './grants/grant-registry';
import { ExchangeOptions, TokenResult } from './token-result';

/**
 * RFC 6749 §3.2 / §5: runs a token request for a client that the caller already authenticated
 * (the standard endpoint through ClientAuthenticator, a seed dialect its own documented way).
 * Enforces: a supported grant_type (#8: password and implicit are refused), an approved
 * channel, and a grant_type the channel was registered for (else unauthorized_client).
 */
@Injectable()
export class TokenService {
  constructor(private readonly grants: GrantRegistry) {}

  async exchange(client: Client, params: Record<string, string>, options: ExchangeOptions = {}): Promise<TokenResult> {
    const handler = this.grants.get(params.grant_type);
    if (client.status !== 'approved') throw new InvalidClientError(`Client is not approved (status: ${client.status})`);
    if (!client.grantTypes.includes(handler.grantType)) {
      throw new UnauthorizedClientError(`This client is not allowed to use grant_type "${handler.grantType}"`);
    }
    return handler.handle({ client, params, options });
  }
}
