import { ValidationError } from '@app/common';

/**
 * Redirect URI rules (RFC 9700 §2.1, §4.1.3; OAuth 2.1 §2.3.1; RFC 8252 §7):
 * - registration: absolute URI, no fragment, no wildcard, no userinfo; https, or http only for
 *   loopback hosts; private-use schemes ("com.example.app:/cb") for native apps.
 * - matching: exact string comparison, except that for loopback IP literals the port may vary.
 */
const LOOPBACK_HOSTS = new Set(['127.0.0.1', '[::1]', 'localhost']);
const LOOPBACK_IP_HOSTS = new Set(['127.0.0.1', '[::1]']);
const FORBIDDEN_SCHEMES = new Set(['javascript:', 'data:', 'file:', 'vbscript:', 'about:', 'blob:', 'ftp:', 'ws:', 'wss:']);

export function validateRedirectUri(uri: unknown, field = 'redirect_uris'): string {
  if (typeof uri !== 'string' || uri.length === 0) throw new ValidationError(field, 'each redirect URI must be a non-empty string');
  if (uri.length > 2000) throw new ValidationError(field, 'a redirect URI must be at most 2000 characters');
  if (/\s/.test(uri)) throw new ValidationError(field, `"${uri}" must not contain white space`);
  // RFC 3986 URIs are ASCII; an IRI would be compared byte for byte in one form and sent in another.
  if (/[^\x21-\x7e]/.test(uri)) throw new ValidationError(field, `"${uri}" must contain only printable ASCII (percent-encode the rest)`);
  if (uri.includes('*')) throw new ValidationError(field, `"${uri}" must not contain a wildcard`);
  if (uri.includes('#')) throw new ValidationError(field, `"${uri}" must not contain a fragment`);
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    throw new ValidationError(field, `"${uri}" is not an absolute URI`);
  }
  if (FORBIDDEN_SCHEMES.has(url.protocol)) throw new ValidationError(field, `"${uri}" uses a forbidden scheme`);
  if (url.username || url.password) throw new ValidationError(field, `"${uri}" must not contain user information`);
  if (url.protocol === 'https:') {
    if (!url.hostname) throw new ValidationError(field, `"${uri}" needs a host`);
    return uri;
  }
  if (url.protocol === 'http:') {
    if (!LOOPBACK_HOSTS.has(url.hostname)) {
      throw new ValidationError(field, `"${uri}" must use https (http is allowed only for loopback addresses)`);
    }
    return uri;
  }
  // Private-use URI scheme for native apps (RFC 8252 §7.1): reverse-domain, with a path.
  if (!/^[a-z][a-z0-9+.-]*\.[a-z0-9+.-]+:$/.test(url.protocol)) {
    throw new ValidationError(field, `"${uri}" must use https, loopback http, or a reverse-domain private-use scheme`);
  }
  if (!url.pathname || url.pathname === '/') throw new ValidationError(field, `"${uri}" needs a full path`);
  return uri;
}

/** True when `given` is one of the registered URIs (exact match; loopback IP port may vary). */
export function redirectUriMatches(registered: readonly string[], given: string): boolean {
  if (registered.includes(given)) return true;
  let url: URL;
  try {
    url = new URL(given);
  } catch {
    return false;
  }
  if (url.protocol !== 'http:' || !LOOPBACK_IP_HOSTS.has(url.hostname) || url.username || url.password) return false;
  const portless = withoutLoopbackPort(given);
  return portless !== null && registered.some((candidate) => withoutLoopbackPort(candidate) === portless);
}

/**
 * "http://127.0.0.1:8080/cb" → "http://127.0.0.1/cb" (also for [::1]); null when the string does not
 * start with a loopback IP authority. Everything after the authority stays byte for byte.
 */
function withoutLoopbackPort(raw: string): string | null {
  const m = /^http:\/\/(127\.0\.0\.1|\[::1\])(?::\d{1,5})?(?=[/?]|$)/.exec(raw);
  return m ? `http://${m[1]}${raw.slice(m[0].length)}` : null;
}
