import { HttpException, HttpStatus } from '@nestjs/common';
import { DomainError, RateLimitedError } from './domain-errors';
import {
  InvalidRequestError,
  OAuthError,
  ServerError,
  TemporarilyUnavailableError,
  TooManyRequestsError,
} from './oauth-errors';

const DB_DOWN_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH',
  'PROTOCOL_CONNECTION_LOST', 'ER_CON_COUNT_ERROR',
  'POOL_CLOSED', 'ER_SERVER_SHUTDOWN', 'SQLITE_BUSY', 'SQLITE_LOCKED',
  // The statement watchdog fired (mysql2's "Query inactivity timeout"; the connection is destroyed).
  'PROTOCOL_SEQUENCE_TIMEOUT',
  // No pooled connection became free in time (libs/persistence watchdog/guarded-mysql2.ts).
  'POOL_ACQUIRE_TIMEOUT',
]);

/**
 * Messages of driver errors that carry no code: the pool is closed or full ("Queue limit
 * reached." when `queueLimit` requests already wait), a connection died under a statement.
 */
const DB_DOWN_MESSAGES =
  /Pool is closed|connect ETIMEDOUT|Connection lost|acquire.*timeout|Can't add new command when connection is in closed state|Queue limit reached|No connections available/i;

/** True when the error says the database cannot be reached right now (→ 503, not 500). */
export function isDatabaseUnavailable(err: unknown): boolean {
  let current: unknown = err;
  for (let depth = 0; current && typeof current === 'object' && depth < 4; depth++) {
    const e = current as { code?: string; driverError?: unknown; message?: string; cause?: unknown };
    if (e.code && DB_DOWN_CODES.has(e.code)) return true;
    if (typeof e.message === 'string' && DB_DOWN_MESSAGES.test(e.message)) return true;
    current = e.driverError ?? e.cause;
  }
  return false;
}

/**
 * Turns anything thrown into an OAuthError, the one shape both OAuth filters render.
 * Unknown errors become server_error (the caller logs them; the message is never shown).
 */
export function toOAuthError(err: unknown): { oauth: OAuthError; unexpected: boolean } {
  if (err instanceof OAuthError) return { oauth: err, unexpected: false };
  if (err instanceof RateLimitedError) return { oauth: new TooManyRequestsError(err.message, err.retryAfterSeconds), unexpected: false };
  if (err instanceof DomainError) {
    const e = new InvalidRequestError(err.message);
    return { oauth: Object.assign(e, { status: err.status }), unexpected: false };
  }
  if (isDatabaseUnavailable(err)) {
    const e = new TemporarilyUnavailableError('The service is temporarily unavailable; try again shortly');
    e.headers['Retry-After'] = '5';
    return { oauth: e, unexpected: false };
  }
  const status = httpStatusOf(err);
  if (status !== undefined && status < 500) {
    const e = new InvalidRequestError(httpMessageOf(err));
    return { oauth: Object.assign(e, { status }), unexpected: false };
  }
  return { oauth: new ServerError('An unexpected error occurred'), unexpected: true };
}

/** Status of a Nest HttpException or a body-parser / http-errors error (413, 400, 415 …). */
export function httpStatusOf(err: unknown): number | undefined {
  const status = rawHttpStatusOf(err);
  // A content type nobody parses is a malformed request: RFC 6749 endpoints must say 400.
  return status === 415 ? 400 : status;
}

function rawHttpStatusOf(err: unknown): number | undefined {
  if (err instanceof HttpException) return err.getStatus();
  const e = err as { status?: unknown; statusCode?: unknown; expose?: unknown; type?: unknown; code?: unknown };
  // Fastify's own errors (body too large, bad JSON, unsupported media type …) carry FST_ codes.
  if (e && typeof e === 'object' && typeof e.statusCode === 'number' && typeof e.code === 'string' && e.code.startsWith('FST_')) {
    return e.statusCode;
  }
  if (e && typeof e === 'object' && typeof e.status === 'number' && (e.expose === true || typeof e.type === 'string')) {
    return e.status;
  }
  return undefined;
}

export function httpMessageOf(err: unknown): string {
  const e = err as { type?: string; message?: string; code?: string };
  switch (e?.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return 'The request body is too large';
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return 'The request body is not valid JSON';
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return 'The request has an unsupported content type';
    case 'FST_ERR_BAD_URL':
      return 'A path parameter is not valid percent-encoding';
  }
  switch (e?.type) {
    case 'entity.too.large':
      return 'The request body is too large';
    case 'entity.parse.failed':
      return 'The request body could not be parsed';
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return 'The request body has an unsupported encoding';
    case 'parameters.too.many':
      return 'The request has too many parameters';
  }
  if (err instanceof HttpException) {
    const body = err.getResponse();
    if (typeof body === 'object' && body && 'message' in body) {
      const message = (body as { message: unknown }).message;
      return Array.isArray(message) ? message.join('; ') : String(message);
    }
    return err.message;
  }
  return e?.message && httpStatusOf(err) !== HttpStatus.INTERNAL_SERVER_ERROR ? e.message : 'Bad request';
}
