import { Injectable } from '@nestjs/common';
import type { HttpReply, HttpRequest } from '@app/common';
import { OriginRegistry } from '@app/clients';

/** How long a browser may reuse a preflight answer. */
export const PREFLIGHT_MAX_AGE_SECONDS = 600;

/**
 * CORS for browser apps on /oauth2/token, /oauth2/revoke and /oauth2/userinfo (PRODUCT.md
 * "Browser apps"; Fetch standard §3.2). What it enforces:
 * - the preflight (OPTIONS) is answered 204; it carries Access-Control-Allow-Origin only for an
 *   origin some approved channel allows, since no client is known yet;
 * - the actual response carries it only for an origin of the client that authenticated (token,
 *   revoke) or of the token's client (userinfo): another channel's origin cannot read it;
 * - the exact origin, never `*`, and never Access-Control-Allow-Credentials: these endpoints
 *   take no cookies, and a credentialed cross-origin read is what CSRF needs;
 * - `Vary: Origin` always, so no cache hands one origin's answer to another.
 */
@Injectable()
export class BrowserCors {
  constructor(private readonly origins: OriginRegistry) {}

  async preflight(req: HttpRequest, res: HttpReply, methods: readonly string[]): Promise<void> {
    res.header('Vary', 'Origin, Access-Control-Request-Method, Access-Control-Request-Headers');
    const origin = single(req.headers.origin);
    const method = single(req.headers['access-control-request-method'])?.toUpperCase();
    if (!origin || !method || !methods.includes(method)) return;
    if (!(await this.origins.allowedForAnyChannel(origin))) return;
    res.headers({
      'Access-Control-Allow-Origin': origin,
      'Access-Control-Allow-Methods': methods.join(', '),
      'Access-Control-Allow-Headers': 'Authorization, Content-Type',
      'Access-Control-Max-Age': String(PREFLIGHT_MAX_AGE_SECONDS),
    });
  }

  /** On the actual response, once the client is known; errors thrown afterwards keep the headers. */
  allowFor(req: HttpRequest, res: HttpReply, clientOrigins: readonly string[]): void {
    res.header('Vary', 'Origin');
    const origin = single(req.headers.origin);
    if (!origin || !clientOrigins.includes(origin)) return;
    res.headers({ 'Access-Control-Allow-Origin': origin, 'Access-Control-Expose-Headers': 'WWW-Authenticate' });
  }
}

function single(value: string | string[] | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
