import { InvalidRequestError } from '@app/common';
import type { AuthorizeContext } from '../authorize-context';

/** The authorization code keeps the nonce in a column of this size. */
export const MAX_NONCE_LENGTH = 512;

/** OIDC Core §3.1.2.1 `nonce`: passed through to the code, bounded in length. */
export function checkNonce(ctx: AuthorizeContext): void {
  const nonce = ctx.request.nonce;
  if (nonce !== undefined && nonce.length > MAX_NONCE_LENGTH) {
    throw new InvalidRequestError(`nonce must be at most ${MAX_NONCE_LENGTH} characters`);
  }
}
