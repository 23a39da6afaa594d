import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { ApiErrorView } from '@app/clients';

const DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid input: `message` names each wrong field and why; unknown fields are refused',
  401: 'No bearer token, or an invalid or expired one (WWW-Authenticate: Bearer)',
  403: 'The caller is not an operator',
  404: 'No such resource',
  409: 'Conflict: a duplicate, or a transition that the current state does not allow (the message names the state)',
  410: 'Gone: used up or expired (the message says which)',
  429: 'Too many failed attempts; see Retry-After',
};

/** Documents the JSON error responses an admin endpoint can give (body: ApiErrorView). */
export function ApiErrors(...statuses: (keyof typeof DESCRIPTIONS)[]): MethodDecorator & ClassDecorator {
  return applyDecorators(...statuses.map((status) => ApiResponse({ status, type: ApiErrorView, description: DESCRIPTIONS[status] })));
}
