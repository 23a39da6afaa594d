import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type Handlebars from 'handlebars';

/** Every file in views/partials, by name without the extension (dashes read as underscores: scope-list → scope_list). */
export function viewPartials(views: string): Record<string, string> {
  const dir = join(views, 'partials');
  const partials: Record<string, string> = {};
  for (const file of readdirSync(dir)) {
    if (file.endsWith('.hbs')) partials[file.slice(0, -4).replace(/-/g, '_')] = join('partials', file);
  }
  return partials;
}

/** Helpers available to every template. */
export function registerViewHelpers(hbs: typeof Handlebars): void {
  hbs.registerHelper('eq', (a: unknown, b: unknown) => a === b);
}
