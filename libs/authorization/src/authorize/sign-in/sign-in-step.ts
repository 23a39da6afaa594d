import type { HttpReply, HttpRequest } from '@app/common';
import type { Client } from '@app/clients';
import type { OAuthError } from '@app/common';
import type { SignedIn } from '../../sessions/browser-sessions.service';
import type { AuthorizeRequest } from '../authorize-request';
import type { DialectProfile } from '../dialect-profile';

/** What a sign-in step sees: the authorize request after its client and redirect_uri were verified. */
export interface SignInContext {
  req: HttpRequest;
  res: HttpReply;
  request: AuthorizeRequest;
  /** The relative authorize URL that repeats this request (where the browser comes back to). */
  returnTo: string;
  client: Client;
  /** The verified redirect target: where a refused sign-in still sends the app its error. */
  target: { redirectUri: string; state?: string; profile: DialectProfile };
}

/**
 * One step of signing in (DESIGN-NEXT §2.1, node-oidc-provider's prompts): satisfied by the
 * session's facts, or it interacts with the user (a page, a redirect), or it fails the request.
 * The policy evaluates the list again every time the browser comes back to /oauth2/authorize.
 */
export type StepOutcome =
  | { kind: 'satisfied'; signedIn: SignedIn }
  | { kind: 'interact'; reason: string; send: () => Promise<void> }
  | { kind: 'failed'; error: OAuthError };

export interface SignInStep {
  readonly name: string;
  evaluate(ctx: SignInContext): Promise<StepOutcome>;
}

/** The ordered steps, bound once from the login settings (sign-in-steps.provider.ts). */
export const SIGN_IN_STEPS = Symbol('SIGN_IN_STEPS');
