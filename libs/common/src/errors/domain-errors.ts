/**
 * Errors that services throw for the JSON APIs (STYLE rule 6): the transport maps them to
 * HTTP statuses in DomainErrorFilter; services never throw HttpException.
 */
export abstract class DomainError extends Error {
  abstract readonly status: number;
  abstract readonly code: string;
  constructor(message: string, readonly details?: Record<string, unknown>) {
    super(message);
    this.name = new.target.name;
  }
}

export class NotFoundError extends DomainError {
  readonly status = 404;
  readonly code = 'not_found';
}
export class ConflictError extends DomainError {
  readonly status = 409;
  readonly code = 'conflict';
}
/** The resource existed but is used up or expired (a login challenge after use, RFC 9110 §15.5.11). */
export class GoneError extends DomainError {
  readonly status = 410;
  readonly code = 'gone';
}
/** A dependency this request needs (the platform's sign-in service) does not answer. */
export class UnavailableError extends DomainError {
  readonly status = 503;
  readonly code = 'temporarily_unavailable';
}
/** A field-level validation failure detected inside a service (e.g. an unsafe redirect URI). */
export class ValidationError extends DomainError {
  readonly status = 400;
  readonly code = 'invalid_request';
  constructor(readonly field: string, message: string) {
    super(`${field}: ${message}`, { field });
  }
}
export class UnauthenticatedError extends DomainError {
  readonly status = 401;
  readonly code = 'unauthorized';
}
export class ForbiddenError extends DomainError {
  readonly status = 403;
  readonly code = 'forbidden';
}
export class RateLimitedError extends DomainError {
  readonly status = 429;
  readonly code = 'too_many_requests';
  constructor(message: string, readonly retryAfterSeconds: number) {
    super(message);
  }
}
