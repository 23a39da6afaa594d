import type { HttpReply } from './http-types';

/** RFC 6749 §5.1 / OAuth 2.1: responses carrying tokens or secrets must not be cached. */
export function noStore(res: HttpReply): void {
  res.headers({ 'Cache-Control': 'no-store', Pragma: 'no-cache' });
}
