import type { Client } from '@app/clients';
import type { ExchangeOptions, TokenResult } from '../token-result';

export interface GrantRequest {
  /** Already authenticated (and approved) by the caller. */
  client: Client;
  /** Single-valued request parameters; unknown ones are ignored (OAuth 2.1 §3.2.2). */
  params: Readonly<Record<string, string>>;
  options: ExchangeOptions;
}

/** One grant type, one file (STYLE rule 2; node-oidc-provider actions/grants, Spring providers). */
export interface GrantHandler {
  readonly grantType: string;
  /** The parameters the grant reads, besides grant_type and client authentication. */
  readonly params: readonly string[];
  handle(request: GrantRequest): Promise<TokenResult>;
}

/** Multi-provider token: every GrantHandler of the module. */
export const GRANT_HANDLERS = Symbol('GRANT_HANDLERS');
