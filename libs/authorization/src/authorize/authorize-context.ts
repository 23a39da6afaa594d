import type { Client } from '@app/clients';
import type { AuthorizeRequest } from './authorize-request';
import type { DialectProfile } from './dialect-profile';

export type Prompt = 'none' | 'login' | 'consent';

/**
 * What the authorize checks share, as in node-oidc-provider's ctx.oidc: the request, the
 * dialect, the data looked up before the checks run, and what each check established.
 */
export interface AuthorizeContext {
  readonly request: AuthorizeRequest;
  readonly profile: DialectProfile;
  /** The channel found for request.clientId (null: none), looked up before the checks. */
  readonly foundClient: Client | null;
  /** The scopes operators have defined, loaded before the request checks. */
  knownScopes?: ReadonlySet<string>;

  client?: Client;
  redirectUri?: string;
  /** false when redirect_uri was omitted and the only registered one is used. */
  redirectUriProvided?: boolean;
  scopes?: string[];
  /** false when the request carried no scope and the channel's scopes were used. */
  scopeRequested?: boolean;
  codeChallenge?: string | null;
  prompt?: Prompt;
}

/** A check: throws a typed OAuth error, or records what it established on the context. */
export type AuthorizeCheck = (ctx: AuthorizeContext) => void;

/** A request once every check passed: what a code is issued for (and what a consent page waits on). */
export interface PendingAuthorization {
  redirectUri: string;
  redirectUriProvided: boolean;
  scopes: string[];
  /** Absent on consent pages recorded before it existed: treated as requested. */
  scopeRequested?: boolean;
  state?: string;
  codeChallenge: string | null;
  nonce?: string;
  profile: DialectProfile;
}

export interface ValidatedAuthorization extends PendingAuthorization {
  client: Client;
  prompt?: Prompt;
}

export function validated(ctx: AuthorizeContext): ValidatedAuthorization {
  if (!ctx.client || !ctx.redirectUri || !ctx.scopes || ctx.codeChallenge === undefined) {
    throw new Error('authorize checks did not run to completion');
  }
  return {
    client: ctx.client,
    redirectUri: ctx.redirectUri,
    redirectUriProvided: ctx.redirectUriProvided ?? true,
    scopes: ctx.scopes,
    scopeRequested: ctx.scopeRequested ?? true,
    state: ctx.request.state,
    codeChallenge: ctx.codeChallenge,
    nonce: ctx.request.nonce,
    prompt: ctx.prompt,
    profile: ctx.profile,
  };
}
