import type { CookieSerializeOptions } from '@fastify/cookie';

/** The browser session cookie: HttpOnly, SameSite=Lax, Path=/, Secure when the issuer is https. */
export const SESSION_COOKIE = 'gh_session';

export function sessionCookieOptions(issuer: string): CookieSerializeOptions {
  return { httpOnly: true, sameSite: 'lax', path: '/', secure: issuer.startsWith('https:') };
}

/** Anonymous sessions only carry a CSRF token for the login form; they need not live long. */
export const ANONYMOUS_SESSION_TTL = 3600;
