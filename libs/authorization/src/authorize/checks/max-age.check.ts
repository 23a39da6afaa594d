import { InvalidRequestError } from '@app/common';
import type { AuthorizeContext } from '../authorize-context';
import { describeValue } from './describe-value';

/** OIDC Core §3.1.2.1 `max_age`: a non-negative number of seconds (the login step acts on it). */
export function checkMaxAge(ctx: AuthorizeContext): void {
  const maxAge = ctx.request.maxAge;
  if (maxAge !== undefined && parseMaxAge(maxAge) === null) {
    throw new InvalidRequestError(`max_age "${describeValue(maxAge)}" must be a non-negative integer`);
  }
}

/** The seconds of a well-formed max_age, else null. */
export function parseMaxAge(value: string | undefined): number | null {
  if (value === undefined || !/^\d{1,9}$/.test(value)) return null;
  return Number(value);
}
