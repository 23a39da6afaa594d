import { InvalidRequestError, UnauthorizedClientError, UnsupportedResponseTypeError } from '@app/common';
import type { AuthorizeContext } from '../authorize-context';
import { describeValue } from './describe-value';

/**
 * RFC 6749 §3.1.1, §4.1.2.1; RFC 9700 §2.1.2 (checklist #7): only the authorization code flow.
 * The implicit (`token`) and hybrid (`id_token token`, `code token` …) types are refused with
 * unsupported_response_type; a channel not registered for authorization_code is unauthorized_client.
 */
export function checkResponseType(ctx: AuthorizeContext): void {
  const responseType = ctx.request.responseType;
  if (responseType === undefined) throw new InvalidRequestError('response_type is required');
  if (responseType !== 'code') {
    throw new UnsupportedResponseTypeError(`response_type "${describeValue(responseType)}" is not supported; use "code"`);
  }
  if (!ctx.client?.grantTypes.includes('authorization_code')) {
    throw new UnauthorizedClientError('This application is not registered for the authorization_code grant');
  }
}
