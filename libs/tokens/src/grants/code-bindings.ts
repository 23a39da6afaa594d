import { digestsEqual, sha256Base64Url } from '@app/common';
import type { RedeemedCode } from '@app/authorization';

/**
 * What binds an authorization code (RFC 6749 §4.1.3, RFC 7636 §4.6, RFC 9700 §4.8.2,
 * OAuth 2.1 §4.1.3). Each check answers the reason it fails, or null:
 * - #21 the code was issued to this client;
 * - the code was issued by a route (dialect) this token route serves (issue 14 #5), so that one
 *   dialect's relaxations never apply to another's codes;
 * - #22 redirect_uri equals the one sent at authorize (required then; a dialect without a
 *   redirect_uri at its token step may omit it, but one that is sent must still match);
 * - #15 a challenged code needs a well-formed verifier whose S256 equals the challenge
 *   (compared in constant time); #16 a verifier for an unchallenged code is a downgrade;
 * - a client that must use PKCE cannot redeem an unchallenged code.
 */
export const CODE_VERIFIER = /^[A-Za-z0-9\-._~]{43,128}$/;

export interface PresentedCode {
  clientId: string;
  requirePkce: boolean;
  redirectUri: string | undefined;
  redirectUriOptional: boolean;
  codeVerifier: string | undefined;
  /** The dialects whose codes the token route redeems. */
  acceptedDialects: readonly string[];
}

export function codeBindingProblem(code: RedeemedCode, presented: PresentedCode): string | null {
  if (code.clientId !== presented.clientId) return 'The authorization code was issued to another client';
  if (!presented.acceptedDialects.includes(code.dialect)) {
    return 'The authorization code was issued by another authorization route; redeem it at the token endpoint that goes with that route';
  }
  const mustMatch = (code.redirectUriProvided && !presented.redirectUriOptional) || presented.redirectUri !== undefined;
  if (mustMatch && presented.redirectUri !== code.redirectUri) {
    return presented.redirectUri === undefined
      ? 'redirect_uri is required: it was sent in the authorization request'
      : 'redirect_uri does not match the one used in the authorization request';
  }
  return pkceProblem(code, presented);
}

function pkceProblem(code: RedeemedCode, presented: PresentedCode): string | null {
  const verifier = presented.codeVerifier;
  if (!code.codeChallenge) {
    if (verifier !== undefined) return 'code_verifier was sent but the authorization request had no code_challenge';
    if (presented.requirePkce) return 'This client must use PKCE: the authorization request had no code_challenge';
    return null;
  }
  if (verifier === undefined) return 'code_verifier is required: the authorization request carried a code_challenge';
  if (!CODE_VERIFIER.test(verifier)) return 'code_verifier must be 43-128 characters of [A-Za-z0-9-._~]';
  if (code.codeChallengeMethod !== 'S256') return 'Only the S256 code_challenge_method is supported';
  if (!digestsEqual(sha256Base64Url(verifier), code.codeChallenge)) return 'code_verifier does not match the code_challenge';
  return null;
}
