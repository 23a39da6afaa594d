import type { HttpReply, HttpRequest } from '@app/common';

/** The header a page's script sends the session's CSRF token in (or `_csrf` in the JSON body). */
export const CSRF_HEADER = 'x-csrf-token';

/** The CSRF token of a JSON post: `_csrf` in the body, else the X-CSRF-Token header. */
export function jsonCsrfToken(req: HttpRequest): unknown {
  const body = (req.body ?? {}) as Record<string, unknown>;
  return body._csrf ?? req.headers[CSRF_HEADER];
}

/** The browser's answer to a ceremony (`response` in the JSON body). */
export function ceremonyResponse(req: HttpRequest): unknown {
  return ((req.body ?? {}) as Record<string, unknown>).response;
}

export function sendJson(res: HttpReply, status: number, body: unknown): void {
  res.status(status).header('Cache-Control', 'no-store').header('Content-Type', 'application/json; charset=utf-8').send(JSON.stringify(body));
}

/** A refused ceremony: 400 with a field-level message (never the library's stack). */
export function sendRefusal(res: HttpReply, message: string, status = 400): void {
  sendJson(res, status, { error: 'invalid_passkey', message });
}
