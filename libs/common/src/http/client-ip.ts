import type { HttpRequest } from './http-types';

/**
 * The caller's address. Fastify resolves X-Forwarded-For only for the proxies listed in
 * TRUST_PROXY (RFC 9700 §4.13), so `req.ip` is safe to use for throttling and audit.
 */
export function clientIp(req: HttpRequest): string {
  return (req.ip ?? req.socket?.remoteAddress ?? 'unknown').replace(/^::ffff:/, '');
}
