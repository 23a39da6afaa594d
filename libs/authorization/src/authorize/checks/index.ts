import type { AuthorizeCheck, AuthorizeContext } from '../authorize-context';
import { checkClient } from './client.check';
import { checkMaxAge } from './max-age.check';
import { checkNonce } from './nonce.check';
import { checkParameters } from './parameters.check';
import { checkPkce } from './pkce.check';
import { checkPrompt } from './prompt.check';
import { checkRedirectUri } from './redirect-uri.check';
import { checkResponseType } from './response-type.check';
import { checkScope } from './scope.check';
import { checkState } from './state.check';

export { checkClient, checkMaxAge, checkNonce, checkParameters, checkPkce, checkPrompt, checkRedirectUri, checkResponseType, checkScope, checkState };

/**
 * RFC 6749 §4.1.2.1: until the client and its redirect_uri are verified, an error is shown on
 * the error page; nothing is redirected.
 */
export const CLIENT_CHECKS: readonly AuthorizeCheck[] = [checkClient, checkRedirectUri];

/**
 * After the user is authenticated (RFC 9700 §4.11.2), the rest of the request, in the order of
 * RFC 6749 §4.1.1 / RFC 7636 §4.3 / OIDC Core §3.1.2.1. Their errors redirect to the verified
 * redirect_uri with state and iss.
 */
export const REQUEST_CHECKS: readonly AuthorizeCheck[] = [
  checkParameters,
  checkState,
  checkResponseType,
  checkScope,
  checkPkce,
  checkPrompt,
  checkMaxAge,
  checkNonce,
];

export function runChecks(checks: readonly AuthorizeCheck[], ctx: AuthorizeContext): void {
  for (const check of checks) check(ctx);
}
