import type { HttpRequest } from '@app/common';

/** RFC 6750 §2.1: credentials = "Bearer" 1*SP b64token (the scheme is case-insensitive). */
const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*)$/i;

export type PresentedBearer = { token: string } | { token: null; malformed: boolean };

/**
 * The token a request presents. The Authorization header always counts; the `access_token`
 * query parameter (RFC 6750 §2.3) only on routes whose documentation uses it (seed 000
 * /user_id, seed 002 getOpenId and getUserInfo) — everywhere else it is ignored (OAuth 2.1 §5.2, #38).
 */
export function presentedBearer(req: HttpRequest, acceptQuery: boolean): PresentedBearer {
  const header = req.headers.authorization;
  if (header && /^bearer(\s|$)/i.test(header)) {
    const match = BEARER.exec(header.trim());
    return match ? { token: match[1] } : { token: null, malformed: true };
  }
  if (acceptQuery) {
    const query = (req.query as Record<string, unknown> | undefined)?.access_token;
    if (typeof query === 'string' && query.length > 0) return { token: query };
    if (query !== undefined) return { token: null, malformed: true };
  }
  return { token: null, malformed: false };
}
