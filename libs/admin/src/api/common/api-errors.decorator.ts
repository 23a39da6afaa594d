import { ApiJsonErrors, JsonErrorStatus } from '@app/common';

const DESCRIPTIONS: Partial<Record<JsonErrorStatus, string>> = {
  400: 'Invalid input: `message` names each wrong field and why; unknown fields are refused',
  401: 'No bearer token, or an invalid or expired one (WWW-Authenticate: Bearer)',
  403: 'The caller is not an operator',
  404: 'No such resource',
  409: 'Conflict: a duplicate, or a transition that the current state does not allow (the message names the state)',
  410: 'Gone: used up or expired (the message says which)',
  429: 'Too many failed attempts; see Retry-After',
};

/**
 * Documents the JSON error responses an admin endpoint can give (body: ApiErrorView, examples
 * included; the 401 with the admin guard's WWW-Authenticate). Put `@ApiErrors(401, 403)` on the
 * controller with @ApiAdminAuth(), and the statuses particular to an operation on the method.
 */
export function ApiErrors(...statuses: JsonErrorStatus[]): MethodDecorator & ClassDecorator {
  return ApiJsonErrors(statuses, DESCRIPTIONS, { adminChallenge: true });
}
