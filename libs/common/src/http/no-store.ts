import type { Response } from 'express';

/** RFC 6749 §5.1 / OAuth 2.1: responses carrying tokens or secrets must not be cached. */
export function noStore(res: Response): void {
  res.set({ 'Cache-Control': 'no-store', Pragma: 'no-cache' });
}
