import type { Request } from 'express';

/**
 * The caller's address. Express resolves X-Forwarded-For only for the proxies listed in
 * TRUST_PROXY (RFC 9700 §4.13), so `req.ip` is safe to use for throttling and audit.
 */
export function clientIp(req: Request): string {
  return (req.ip ?? req.socket.remoteAddress ?? 'unknown').replace(/^::ffff:/, '');
}
