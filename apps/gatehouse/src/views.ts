import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type Handlebars from 'handlebars';
import type { HelperOptions } from 'handlebars';
import { viewsDir } from './views-dir';

/** Every file in views/partials, by name without the extension (dashes read as underscores: scope-list → scope_list). */
export function viewPartials(views: string): Record<string, string> {
  const dir = join(views, 'partials');
  const partials: Record<string, string> = {};
  for (const file of readdirSync(dir)) {
    if (file.endsWith('.hbs')) partials[file.slice(0, -4).replace(/-/g, '_')] = join('partials', file);
  }
  return partials;
}

export type Messages = Record<string, string>;

/** views/locales/<lang>.json: flat maps of message keys to text, with {name} placeholders. */
export function loadLocales(views: string = viewsDir()): Record<string, Messages> {
  const dir = join(views, 'locales');
  const locales: Record<string, Messages> = {};
  for (const file of readdirSync(dir)) {
    if (file.endsWith('.json')) locales[file.slice(0, -5)] = JSON.parse(readFileSync(join(dir, file), 'utf8')) as Messages;
  }
  if (!locales.en) throw new Error(`no en.json in ${dir}`);
  return locales;
}

/** A message in `lang`, falling back to English, then to the key itself (a missing key shows, it does not break the page). */
export function translate(locales: Record<string, Messages>, lang: unknown, key: string, params: Record<string, unknown> = {}): string {
  const text = (typeof lang === 'string' ? locales[lang]?.[key] : undefined) ?? locales.en[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (params[name] === undefined || params[name] === null ? whole : String(params[name])));
}

/**
 * Server-side English texts that reach a template as data (page titles, the login and CSRF
 * messages of the authorization lib, domain error messages) are translated by looking their
 * English wording up among the `server.*` messages; anything else shows as it came.
 */
export function translateServerText(locales: Record<string, Messages>, lang: unknown, text: unknown): string {
  if (typeof text !== 'string') return '';
  if (lang === 'en' || typeof lang !== 'string') return text;
  for (const [key, english] of Object.entries(locales.en)) {
    if (key.startsWith('server.') && english === text) return translate(locales, lang, key);
  }
  return text;
}

function langOf(options: HelperOptions): unknown {
  return (options.data as { root?: { lang?: unknown } } | undefined)?.root?.lang;
}

/** Helpers available to every template. Output is escaped by Handlebars ({{ }}), so messages are plain text. */
export function registerViewHelpers(hbs: typeof Handlebars, locales: Record<string, Messages> = loadLocales()): void {
  hbs.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  hbs.registerHelper('not', (a: unknown) => !a);
  hbs.registerHelper('concat', (...args: unknown[]) => args.slice(0, -1).map(String).join(''));
  hbs.registerHelper('or', (...args: unknown[]) => args.slice(0, -1).some(Boolean));
  hbs.registerHelper('t', function (key: unknown, options: HelperOptions) {
    return translate(locales, langOf(options), String(key), options.hash as Record<string, unknown>);
  });
  hbs.registerHelper('tr', function (text: unknown, options: HelperOptions) {
    return translateServerText(locales, langOf(options), text);
  });
  /** A scope's meaning in the page's language (ScopesService keeps an optional Chinese text). */
  hbs.registerHelper('scopeText', function (scope: { description?: string; descriptionZh?: string | null; description_zh?: string | null }, options: HelperOptions) {
    const zh = scope?.descriptionZh ?? scope?.description_zh;
    return langOf(options) === 'zh-CN' && zh ? zh : scope?.description ?? '';
  });
  /** An ISO instant as "YYYY-MM-DD HH:MM UTC" (the same in every language and time zone). */
  hbs.registerHelper('when', (iso: unknown) => (typeof iso === 'string' && iso.length >= 16 ? `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC` : ''));
  hbs.registerHelper('json', (value: unknown) => (value === null || value === undefined ? '' : JSON.stringify(value)));
}
