import { ArgumentsHost, BadRequestException, Catch, ExceptionFilter, HttpException, Logger, ServiceUnavailableException } from '@nestjs/common';
import type { HttpReply } from '../http/http-types';
import { httpMessageOf, httpStatusOf, isDatabaseUnavailable } from './classify';
import { DomainError, RateLimitedError, ValidationError } from './domain-errors';
import { OAuthError } from './oauth-errors';

/**
 * The global filter, for the JSON APIs and anything that escapes a route's own filter
 * (body-parser failures run before routing). Every body carries both the RFC 6749 pair
 * `error` / `error_description` and `statusCode` / `message` (field-level messages for 400s).
 */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Api');

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<HttpReply>();
    if (res.sent) return;
    if (exception instanceof ServiceUnavailableException && typeof exception.getResponse() === 'object') {
      // Health checks (terminus) report which dependency is down; keep their body.
      res.status(503).header('Cache-Control', 'no-store').send(exception.getResponse());
      return;
    }
    const body = this.describe(exception);
    res.status(body.statusCode).headers({ 'Cache-Control': 'no-store', ...body.headers }).send({
      statusCode: body.statusCode,
      error: body.error,
      error_description: body.description,
      message: body.message,
      ...(body.details ? { details: body.details } : {}),
    });
  }

  private describe(exception: unknown): {
    statusCode: number; error: string; description: string; message: string | string[];
    headers?: Record<string, string>; details?: Record<string, unknown>;
  } {
    if (exception instanceof OAuthError) {
      return { statusCode: exception.status, error: exception.error, description: exception.description, message: exception.description, headers: exception.headers };
    }
    if (exception instanceof RateLimitedError) {
      return { statusCode: 429, error: exception.code, description: exception.message, message: exception.message, headers: { 'Retry-After': String(exception.retryAfterSeconds) } };
    }
    if (exception instanceof ValidationError) {
      return { statusCode: 400, error: exception.code, description: exception.message, message: [exception.message], details: exception.details };
    }
    if (exception instanceof DomainError) {
      return { statusCode: exception.status, error: exception.code, description: exception.message, message: exception.message, details: exception.details };
    }
    if (exception instanceof BadRequestException) {
      const body = exception.getResponse() as { message?: string | string[] };
      const message = body.message ?? exception.message;
      return { statusCode: 400, error: 'invalid_request', description: Array.isArray(message) ? message.join('; ') : message, message };
    }
    if (isDatabaseUnavailable(exception)) {
      return { statusCode: 503, error: 'temporarily_unavailable', description: 'The database is unavailable; try again shortly', message: 'Service unavailable', headers: { 'Retry-After': '5' } };
    }
    const status = httpStatusOf(exception);
    if (status !== undefined && status < 500) {
      const message = httpMessageOf(exception);
      return { statusCode: status, error: errorCodeFor(status), description: message, message };
    }
    if (exception instanceof HttpException && exception.getStatus() >= 500) {
      return { statusCode: exception.getStatus(), error: 'server_error', description: exception.message, message: exception.message };
    }
    this.logger.error(exception);
    return { statusCode: 500, error: 'server_error', description: 'An unexpected error occurred', message: 'Internal server error' };
  }
}

function errorCodeFor(status: number): string {
  switch (status) {
    case 401: return 'unauthorized';
    case 403: return 'forbidden';
    case 404: return 'not_found';
    case 405: return 'method_not_allowed';
    case 409: return 'conflict';
    case 429: return 'too_many_requests';
    default: return 'invalid_request';
  }
}
