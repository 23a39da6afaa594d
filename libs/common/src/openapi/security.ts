import { applyDecorators } from '@nestjs/common';
import { ApiBearerAuth, ApiExtension, ApiSecurity } from '@nestjs/swagger';

/** The security schemes of the document (components.securitySchemes), by name. */
export const SECURITY_SCHEMES = {
  /** The admin API token from POST /api/admin/session. */
  admin: 'bearer',
  /** An OAuth access token from /oauth2/token (RFC 6750). */
  accessToken: 'access_token',
  /** Client authentication with HTTP Basic (client_secret_basic). */
  clientBasic: 'client_basic',
} as const;

/** Marks an operation (or every operation of a controller) that needs no credentials; finishDocument turns it into `security: []`. */
export const PUBLIC_EXTENSION = 'x-gatehouse-public';

export function ApiPublic(): MethodDecorator & ClassDecorator {
  return ApiExtension(PUBLIC_EXTENSION, true) as MethodDecorator & ClassDecorator;
}

/** Operators only: the admin bearer token (POST /api/admin/session). */
export function ApiAdminAuth(): MethodDecorator & ClassDecorator {
  return ApiBearerAuth(SECURITY_SCHEMES.admin);
}

/** An OAuth access token as `Authorization: Bearer` (RFC 6750 §2.1). */
export function ApiAccessTokenAuth(): MethodDecorator & ClassDecorator {
  return ApiBearerAuth(SECURITY_SCHEMES.accessToken);
}

/**
 * Client authentication at the back channel: HTTP Basic, or client_id and client_secret in the
 * form body (client_secret_post, which OpenAPI cannot express as a scheme: the empty alternative
 * `{}` says so), or client_id alone for a public client where the endpoint allows it.
 */
export function ApiClientAuth(): MethodDecorator & ClassDecorator {
  return applyDecorators(ApiSecurity(SECURITY_SCHEMES.clientBasic), ApiSecurity({} as Record<string, string[]>));
}
