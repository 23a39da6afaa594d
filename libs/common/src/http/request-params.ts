import { InvalidRequestError } from '../errors/oauth-errors';

export type RawParams = Record<string, unknown>;

/**
 * OAuth parameters from a query or a form body (RFC 6749 §3.1, §3.2): each at most once,
 * each a string. A repeated or structured parameter is invalid_request; unknown ones are kept
 * (and ignored by the callers, as OAuth 2.1 requires).
 */
export function singleParams(source: RawParams | undefined, errorFactory = (msg: string) => new InvalidRequestError(msg)): Record<string, string> {
  const result: Record<string, string> = {};
  if (!source || typeof source !== 'object') return result;
  for (const [key, value] of Object.entries(source)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) throw errorFactory(`Parameter "${safeName(key)}" must not be repeated`);
    if (typeof value !== 'string') throw errorFactory(`Parameter "${safeName(key)}" must be a plain string`);
    if (value === '') continue; // RFC 6749 §3.1: empty parameters are treated as omitted
    result[key] = value;
  }
  return result;
}

function safeName(key: string): string {
  return key.replace(/[^\w.-]/g, '?').slice(0, 40);
}

/** True when the request body is application/x-www-form-urlencoded (RFC 6749 §4.1.3). */
export function isFormEncoded(contentType: string | undefined): boolean {
  return !!contentType && contentType.split(';')[0].trim().toLowerCase() === 'application/x-www-form-urlencoded';
}
