import { InvalidRequestError } from '@app/common';
import type { AuthorizeContext } from '../authorize-context';

/** Longer values are refused (and not echoed): the pending request must fit its table row. */
export const MAX_STATE_LENGTH = 2048;

/**
 * RFC 6749 §4.1.1 (`state` RECOMMENDED, echoed exactly, §4.1.2): a dialect may require it
 * (seed 001); its length is bounded.
 */
export function checkState(ctx: AuthorizeContext): void {
  const state = ctx.request.state;
  if (state === undefined) {
    if (ctx.profile.requireState) throw new InvalidRequestError('state is required');
    return;
  }
  if (state.length > MAX_STATE_LENGTH) throw new InvalidRequestError(`state must be at most ${MAX_STATE_LENGTH} characters`);
}
