import { InvalidRequestError } from '@app/common';
import type { AuthorizeContext } from '../authorize-context';
import { describeValues } from './describe-value';

/**
 * RFC 6749 §3.1: "Request and response parameters MUST NOT be included more than once."
 * (Unknown parameters are ignored, OAuth 2.1 §3.1 / checklist #28: nothing checks for them.)
 */
export function checkParameters(ctx: AuthorizeContext): void {
  const repeated = ctx.request.repeated ?? [];
  if (repeated.length) {
    throw new InvalidRequestError(`Parameters must not be repeated: ${describeValues(repeated)}`);
  }
}
