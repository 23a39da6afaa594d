import { InvalidRequestError } from '@app/common';
import type { AuthorizeContext } from '../authorize-context';

/** RFC 7636 §4.2: BASE64URL(SHA256(verifier)) is 43 characters; §4.1 bounds the alphabet and 128. */
const CHALLENGE = /^[A-Za-z0-9_-]{43,128}$/;

/**
 * RFC 7636 §4.3, §4.4.1; RFC 9700 §2.1.1; OAuth 2.1 §4.1.1 (checklist #13, #14):
 * - S256 only: `plain`, and a challenge without a method (which means plain), are invalid_request;
 * - a method without a challenge is invalid_request;
 * - public clients and channels with require_pkce must send a challenge;
 * - the challenge is 43-128 characters of base64url.
 */
export function checkPkce(ctx: AuthorizeContext): void {
  const client = ctx.client;
  if (!client) throw new Error('checkPkce runs after checkClient');
  const { codeChallenge: challenge, codeChallengeMethod: method } = ctx.request;
  if (challenge === undefined) {
    if (method !== undefined) throw new InvalidRequestError('code_challenge_method was sent without code_challenge');
    if (client.isPublic || client.requirePkce) {
      throw new InvalidRequestError('code_challenge is required for this application (PKCE with S256)');
    }
    ctx.codeChallenge = null;
    return;
  }
  if (method === undefined) {
    throw new InvalidRequestError('code_challenge_method is required; only S256 is supported (plain is not allowed)');
  }
  if (method !== 'S256') throw new InvalidRequestError('code_challenge_method must be S256 (plain is not allowed)');
  if (!CHALLENGE.test(challenge)) throw new InvalidRequestError('code_challenge must be 43-128 characters of base64url');
  ctx.codeChallenge = challenge;
}
