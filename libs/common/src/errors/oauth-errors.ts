/**
 * RFC 6749 §4.1.2.1 / §5.2, RFC 6750 §3.1, OpenID Connect Core §3.1.2.6: one class per error code.
 * Each carries the HTTP status for the back channel and whether the authorization endpoint
 * may send it to the client's (already verified) redirect_uri.
 */
export abstract class OAuthError extends Error {
  abstract readonly error: string;
  abstract readonly status: number;
  /** false: never sent to a redirect_uri (bad client or redirect_uri → error page). */
  readonly redirectable: boolean = true;
  /** Extra response headers (WWW-Authenticate, Retry-After …). */
  headers: Record<string, string> = {};

  constructor(readonly description: string) {
    super(description);
    this.name = new.target.name;
  }

  toJSON(): { error: string; error_description: string } {
    return { error: this.error, error_description: this.description };
  }
}

export class InvalidRequestError extends OAuthError {
  readonly error = 'invalid_request';
  readonly status = 400;
}
/** The request cannot be sent back to the client: unknown client, unregistered redirect_uri. */
export class InvalidClientRedirectError extends OAuthError {
  readonly error = 'invalid_request';
  readonly status = 400;
  override readonly redirectable = false;
}
export class InvalidClientError extends OAuthError {
  readonly error = 'invalid_client';
  readonly status = 401;
  override readonly redirectable = false;
}
export class InvalidGrantError extends OAuthError {
  readonly error = 'invalid_grant';
  readonly status = 400;
}
export class UnauthorizedClientError extends OAuthError {
  readonly error = 'unauthorized_client';
  readonly status = 400;
}
export class UnsupportedGrantTypeError extends OAuthError {
  readonly error = 'unsupported_grant_type';
  readonly status = 400;
}
export class UnsupportedResponseTypeError extends OAuthError {
  readonly error = 'unsupported_response_type';
  readonly status = 400;
}
export class UnsupportedTokenTypeError extends OAuthError {
  readonly error = 'unsupported_token_type';
  readonly status = 400;
}
/** RFC 8707 §2: the `resource` parameter names something the server will not issue for. */
export class InvalidTargetError extends OAuthError {
  readonly error = 'invalid_target';
  readonly status = 400;
}
export class InvalidScopeError extends OAuthError {
  readonly error = 'invalid_scope';
  readonly status = 400;
}
export class AccessDeniedError extends OAuthError {
  readonly error = 'access_denied';
  readonly status = 403;
}
export class LoginRequiredError extends OAuthError {
  readonly error = 'login_required';
  readonly status = 400;
}
export class ConsentRequiredError extends OAuthError {
  readonly error = 'consent_required';
  readonly status = 400;
}
export class InteractionRequiredError extends OAuthError {
  readonly error = 'interaction_required';
  readonly status = 400;
}
export class InvalidTokenError extends OAuthError {
  readonly error = 'invalid_token';
  readonly status = 401;
  override readonly redirectable = false;
}
export class InsufficientScopeError extends OAuthError {
  readonly error = 'insufficient_scope';
  readonly status = 403;
  override readonly redirectable = false;
}
/** Throttled client authentication or login (RFC 6585 429). */
export class TooManyRequestsError extends OAuthError {
  readonly error = 'slow_down';
  readonly status = 429;
  constructor(description: string, retryAfterSeconds: number) {
    super(description);
    this.headers['Retry-After'] = String(Math.max(1, Math.ceil(retryAfterSeconds)));
  }
}
export class ServerError extends OAuthError {
  readonly error = 'server_error';
  readonly status = 500;
}
export class TemporarilyUnavailableError extends OAuthError {
  readonly error = 'temporarily_unavailable';
  readonly status = 503;
}
