import type { FastifyInstance } from 'fastify';
import type { AppConfig, HttpReply, HttpRequest } from '@app/common';

/**
 * The page language (English or Simplified Chinese): `?lang=` on any page switches and is
 * remembered in the `gh_lang` cookie; otherwise the cookie; otherwise Accept-Language. The
 * choice and the platform's name and logo go into `reply.locals`, which @fastify/view merges
 * into every template's data, so controllers need not know about languages.
 */
export const LANGUAGES = ['en', 'zh-CN'] as const;
export type Language = (typeof LANGUAGES)[number];
export const LANG_COOKIE = 'gh_lang';
const ONE_YEAR = 365 * 24 * 3600;
/** JSON endpoints (the token and bearer paths are hot): no pages, so no language work. */
const MACHINE_PATHS = /^\/(api\/|oauth2\/(token|introspect|revoke)|\.well-known\/|metrics|health|docs)/;

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/** Accept-Language (RFC 9110 §12.5.4): the supported language with the highest q; any "zh" means zh-CN. */
export function fromAcceptLanguage(header: unknown): Language | null {
  if (typeof header !== 'string' || header.length > 512) return null;
  let best: { lang: Language; q: number } | null = null;
  for (const part of header.split(',')) {
    const [tag, ...params] = part.trim().toLowerCase().split(';');
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const q = qParam ? Number(qParam.slice(2)) : 1;
    if (!Number.isFinite(q) || q <= 0) continue;
    const lang: Language | null = tag === 'zh' || tag.startsWith('zh-') ? 'zh-CN' : tag === 'en' || tag.startsWith('en-') ? 'en' : null;
    if (lang && (!best || q > best.q)) best = { lang, q };
  }
  return best?.lang ?? null;
}

export function chooseLanguage(query: unknown, cookie: unknown, acceptLanguage: unknown): Language {
  if (isLanguage(query)) return query;
  if (isLanguage(cookie)) return cookie;
  return fromAcceptLanguage(acceptLanguage) ?? 'en';
}

/** Query parameters of page navigation (search, filters, paging, the login's return_to), safe to repeat in a link. */
const NAVIGATION_PARAMS = new Set(['lang', 'return_to', 'q', 'status', 'page', 'revoked', 'actor', 'action', 'target', 'since', 'until', 'cursor']);

/**
 * The same page in another language: the current path and query with `lang` replaced; null when
 * the query carries anything else. A protocol request (an authorization request and the consent
 * page or error page it produced) must not be echoed into links: its code_challenge and
 * redirect_uri stay out of the page (checklist #2, #17), so such pages offer no switch.
 */
export function switchUrl(url: string, lang: Language): string | null {
  const parsed = new URL(url, 'http://gatehouse.invalid');
  for (const key of parsed.searchParams.keys()) if (!NAVIGATION_PARAMS.has(key)) return null;
  parsed.searchParams.set('lang', lang);
  return `${parsed.pathname}${parsed.search}`;
}

/**
 * PLATFORM_LOGO_URL must be a path on this server (for example /static/acme.svg): the CSP allows
 * images from 'self' only, and the login and consent pages load nothing from third parties
 * (checklist #12). A bad value stops the server, like every other setting.
 */
export function platformLogoUrl(env: NodeJS.ProcessEnv = process.env): string {
  const value = env.PLATFORM_LOGO_URL;
  if (value === undefined || value === '') return '/static/logo.svg';
  if (!/^\/(?![/\\])[A-Za-z0-9._~!$&'()*+,;=:@%/-]{1,512}$/.test(value)) {
    throw new Error('PLATFORM_LOGO_URL must be a path on this server such as /static/logo.svg (the CSP allows no other origin)');
  }
  return value;
}

export function registerI18n(fastify: FastifyInstance, config: AppConfig): void {
  const logoUrl = platformLogoUrl();
  const cookieOptions = { path: '/', sameSite: 'lax' as const, httpOnly: true, maxAge: ONE_YEAR, secure: config.server.issuer.startsWith('https:') };
  // preHandler, not onRequest: @fastify/view resets reply.locals in its own onRequest hook.
  fastify.addHook('preHandler', (req: HttpRequest, reply: HttpReply, done) => {
    if (MACHINE_PATHS.test(req.url)) return done();
    const query = (req.query ?? {}) as Record<string, unknown>;
    const lang = chooseLanguage(query.lang, req.cookies?.[LANG_COOKIE], req.headers['accept-language']);
    if (isLanguage(query.lang) && req.method === 'GET' && req.cookies?.[LANG_COOKIE] !== query.lang) {
      reply.setCookie(LANG_COOKIE, query.lang, cookieOptions);
    }
    reply.header('Vary', 'Accept-Language, Cookie');
    const view = reply as unknown as { locals?: Record<string, unknown> | null };
    view.locals = {
      ...(view.locals ?? {}),
      lang,
      platformName: config.server.platformName,
      logoUrl,
      languages: switchUrl(req.url, lang) === null ? null : LANGUAGES.map((code) => ({ code, current: code === lang, href: switchUrl(req.url, code) })),
    };
    done();
  });
}
