import type { DialectProfile } from './dialect-profile';
import { HttpRequest, requestPath } from '@app/common';

/**
 * The relative URL that repeats this authorization request after login: the dialect's
 * authorize path (or this request's own path) with the parameters exactly as they came, so
 * that a repeated or malformed parameter is judged again after login, not lost.
 */
export function authorizeReturnUrl(req: HttpRequest, profile: DialectProfile): string {
  if (req.method === 'GET' || req.method === 'HEAD') {
    const url = req.url;
    const q = url.indexOf('?');
    const query = q < 0 ? '' : url.slice(q + 1);
    const path = profile.returnPath ?? (q < 0 ? url : url.slice(0, q));
    return query ? `${path}?${query}` : path;
  }
  const query = new URLSearchParams();
  const body = req.body && typeof req.body === 'object' ? (req.body as Record<string, unknown>) : {};
  for (const [key, value] of Object.entries(body)) {
    for (const v of Array.isArray(value) ? value : [value]) {
      if (typeof v === 'string') query.append(key, v);
    }
  }
  const path = profile.returnPath ?? requestPath(req);
  const qs = query.toString();
  return qs ? `${path}?${qs}` : path;
}

export function loginUrl(returnTo: string): string {
  return `/login?return_to=${encodeURIComponent(returnTo)}`;
}
