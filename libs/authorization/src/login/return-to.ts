import { encodeLocationPath } from '@app/common';

/**
 * RFC 9700 §4.11 / checklist #6 (no open redirector): after login the browser goes back only
 * to a path of this server. Accepted: a single leading "/" followed by anything but "/" or "\"
 * (browsers read "//host" and "/\host" as another host), no scheme, no white space or control
 * characters (browsers drop tabs and newlines, turning "/\t/host" into "//host"). Characters
 * outside ASCII are percent-encoded (a raw "/中" in a Location header was a 500, issue 14 #4).
 * Anything else becomes "/".
 */
export const DEFAULT_RETURN_TO = '/';
const MAX_LENGTH = 8192;
const BASE = 'http://gatehouse.invalid';

export function safeReturnTo(value: unknown): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_LENGTH) return DEFAULT_RETURN_TO;
  if (!value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return DEFAULT_RETURN_TO;
  if (/[\u0000-\u0020\u007f-\u009f\\]/.test(value)) return DEFAULT_RETURN_TO;
  const encoded = encodeLocationPath(value);
  if (encoded === null || encoded.length > MAX_LENGTH) return DEFAULT_RETURN_TO;
  try {
    // Belt and braces: whatever a URL parser makes of it must stay on this origin.
    if (new URL(encoded, BASE).origin !== BASE) return DEFAULT_RETURN_TO;
  } catch {
    return DEFAULT_RETURN_TO;
  }
  return encoded;
}
