import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiResponse, getSchemaPath } from '@nestjs/swagger';
import type { HeadersObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { ApiErrorView, OAuthErrorView } from './error-views';

/**
 * Composed decorators for the error answers, so that every controller documents them the same
 * way and as they really are: the RFC 6749 pair on the OAuth back channel and bearer-protected
 * resources, the ApiErrorView body (with class-validator's field messages) on the JSON APIs, the
 * error page on browser endpoints.
 */

const OAUTH_ERRORS = {
  invalid_request: { status: 400, example: 'grant_type is required' },
  invalid_grant: { status: 400, example: 'The authorization code is invalid, expired or already used' },
  unauthorized_client: { status: 400, example: 'This client may not use the client_credentials grant' },
  unsupported_grant_type: { status: 400, example: 'Unsupported grant_type: password' },
  unsupported_token_type: { status: 400, example: 'token_type_hint is not supported' },
  invalid_scope: { status: 400, example: 'Scope not allowed for this client: admin' },
  invalid_target: { status: 400, example: 'resource must be an absolute URI without a fragment' },
  invalid_client: { status: 401, example: 'Client authentication failed' },
  invalid_token: { status: 401, example: 'The access token is invalid, expired or revoked' },
  insufficient_scope: { status: 403, example: 'The token needs scope user_id_read or profile' },
  slow_down: { status: 429, example: 'Too many failed attempts; retry later' },
} as const;
export type OAuthErrorCode = keyof typeof OAUTH_ERRORS;

const STRING_HEADER = { schema: { type: 'string' } } as const;
const RETRY_AFTER: HeadersObject = { 'Retry-After': { ...STRING_HEADER, description: 'Seconds to wait before trying again' } };
const BASIC_CHALLENGE: HeadersObject = {
  'WWW-Authenticate': { ...STRING_HEADER, description: 'Only when the client authenticated with HTTP Basic (RFC 6749 §5.2): `Basic realm="gatehouse", charset="UTF-8"`' },
};
const BEARER_CHALLENGE: HeadersObject = {
  'WWW-Authenticate': { ...STRING_HEADER, description: 'RFC 6750 §3: `Bearer realm="gatehouse", error="…", error_description="…"` (and `scope="…"` for insufficient_scope)' },
};

function oauthHeaders(codes: readonly OAuthErrorCode[]): HeadersObject | undefined {
  if (codes.includes('invalid_token') || codes.includes('insufficient_scope')) return BEARER_CHALLENGE;
  if (codes.includes('invalid_client')) return BASIC_CHALLENGE;
  if (codes.includes('slow_down')) return RETRY_AFTER;
  return undefined;
}

/**
 * The RFC 6749 §5.2 / RFC 6750 §3.1 errors an operation answers, by code: grouped by status,
 * with one example per code and the WWW-Authenticate / Retry-After header where it is sent.
 * Body: OAuthErrorView, `Cache-Control: no-store`.
 */
export function ApiOAuthErrors(...codes: OAuthErrorCode[]): MethodDecorator & ClassDecorator {
  const byStatus = new Map<number, OAuthErrorCode[]>();
  for (const code of codes) byStatus.set(OAUTH_ERRORS[code].status, [...(byStatus.get(OAUTH_ERRORS[code].status) ?? []), code]);
  return applyDecorators(
    ApiExtraModels(OAuthErrorView),
    ...[...byStatus].map(([status, group]) => ApiResponse({
      status,
      description: `${group.map((c) => `\`${c}\``).join(', ')} (RFC 6749 §5.2 / RFC 6750 §3.1 error body)`,
      headers: oauthHeaders(group),
      content: {
        'application/json': {
          schema: { $ref: getSchemaPath(OAuthErrorView) },
          examples: Object.fromEntries(group.map((code) => [code, { summary: code, value: { error: code, error_description: OAUTH_ERRORS[code].example } }])),
        },
      },
    })),
  );
}

/** A resource behind an RFC 6750 bearer token: 401 invalid_token, 403 insufficient_scope, both with WWW-Authenticate. */
export function ApiBearerErrors(): MethodDecorator & ClassDecorator {
  return ApiOAuthErrors('invalid_token', 'insufficient_scope');
}

const JSON_ERRORS: Record<number, { description: string; example: ApiErrorView; headers?: HeadersObject }> = {
  400: {
    description: 'Invalid input. From the validation pipe: `message` lists one line per wrong field, unknown fields are refused',
    example: {
      statusCode: 400, error: 'invalid_request',
      error_description: 'property colour should not exist; client_name must be shorter than or equal to 128 characters',
      message: ['property colour should not exist', 'client_name must be shorter than or equal to 128 characters'],
    },
  },
  401: {
    description: 'No bearer token, or an invalid or expired one',
    example: { statusCode: 401, error: 'unauthorized', error_description: 'A bearer token is required (POST /api/admin/session)', message: 'A bearer token is required (POST /api/admin/session)' },
  },
  403: {
    description: 'The caller may not do this (not an operator)',
    example: { statusCode: 403, error: 'forbidden', error_description: 'Operators only', message: 'Operators only' },
  },
  404: {
    description: 'No such resource',
    example: { statusCode: 404, error: 'not_found', error_description: 'No such client', message: 'No such client' },
  },
  409: {
    description: 'Conflict: a duplicate, or a transition that the current state does not allow (the message names the state)',
    example: { statusCode: 409, error: 'conflict', error_description: 'The channel is approved, not pending', message: 'The channel is approved, not pending' },
  },
  410: {
    description: 'Gone: used up or expired (the message says which)',
    example: { statusCode: 410, error: 'gone', error_description: 'The login request was already used', message: 'The login request was already used' },
  },
  413: {
    description: 'The body is larger than BODY_LIMIT_BYTES',
    example: { statusCode: 413, error: 'invalid_request', error_description: 'Request body is too large', message: 'Request body is too large' },
  },
  429: {
    description: 'Too many attempts; see Retry-After',
    example: { statusCode: 429, error: 'too_many_requests', error_description: 'Too many attempts, retry later', message: 'Too many attempts, retry later' },
    headers: RETRY_AFTER,
  },
};
export type JsonErrorStatus = 400 | 401 | 403 | 404 | 409 | 410 | 413 | 429;

const ADMIN_CHALLENGE: HeadersObject = {
  'WWW-Authenticate': { ...STRING_HEADER, description: 'RFC 6750 §3: `Bearer realm="gatehouse-admin"` (with `error="invalid_token"` when a token was sent)' },
};

/**
 * The ApiErrorView answers of a JSON API operation, by status (the global ApiExceptionFilter's
 * body). `descriptions` replaces the generic wording of a status where the operation says more;
 * `adminChallenge` documents the WWW-Authenticate header the admin guard sends with its 401.
 */
export function ApiJsonErrors(
  statuses: readonly JsonErrorStatus[],
  descriptions: Partial<Record<JsonErrorStatus, string>> = {},
  options: { adminChallenge?: boolean } = {},
): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ApiExtraModels(ApiErrorView),
    ...statuses.map((status) => ApiResponse({
      status,
      description: descriptions[status] ?? JSON_ERRORS[status].description,
      headers: status === 401 && options.adminChallenge ? ADMIN_CHALLENGE : JSON_ERRORS[status].headers,
      content: { 'application/json': { schema: { $ref: getSchemaPath(ApiErrorView) }, example: JSON_ERRORS[status].example } },
    })),
  );
}

/** A browser endpoint: it answers with pages and redirects (not something to try from Swagger UI). */
export function ApiPageResponses(options: { ok?: string; redirect: string; error: string }): MethodDecorator & ClassDecorator {
  const html = { 'text/html': { schema: { type: 'string' as const }, example: '<!doctype html>…' } };
  return applyDecorators(
    ...(options.ok ? [ApiResponse({ status: 200, description: options.ok, content: html })] : []),
    ApiResponse({ status: 302, description: options.redirect, headers: { Location: { ...STRING_HEADER, description: 'Where the browser goes next' } } }),
    ApiResponse({ status: 400, description: options.error, content: html }),
  );
}

/**
 * For a public document (metadata, JWKS) that answers no client error of its own: the errors
 * the HTTP layer gives any request it cannot read (frameworkErrors, the 404 of an unknown path),
 * with the ApiErrorView body.
 */
export function ApiHttpLayerErrors(): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ApiExtraModels(ApiErrorView),
    ApiResponse({
      status: '4XX',
      description: 'Not answered by this operation itself: the HTTP layer\'s answer to a request it cannot read or route',
      content: { 'application/json': { schema: { $ref: getSchemaPath(ApiErrorView) }, example: { statusCode: 404, error: 'not_found', error_description: 'Cannot GET /oauth2/jwks/x', message: 'Cannot GET /oauth2/jwks/x' } } },
    }),
  );
}
