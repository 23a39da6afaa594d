import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';

/**
 * Swagger UI's page (/docs) carries a few inline styles of @nestjs/swagger's template: a <style>
 * block and the style attribute that hides its SVG icon sprite. Our CSP (style-src 'self') blocked
 * them, which left the sprite as an empty band above the top bar. For that page only, the policy
 * allows exactly those styles by their SHA-256 (attribute values need 'unsafe-hashes'), computed
 * from the page as served, and the <style> elements Swagger UI's scripts render (the logo SVG),
 * read from the swagger-ui-dist bundles once; scripts stay 'self' (all loaded from /docs/).
 */
export function registerDocsPageCsp(fastify: FastifyInstance, pagePaths: readonly string[]): void {
  fastify.addHook('onSend', (req, reply, payload, done) => {
    const path = req.url.split('?')[0];
    const csp = reply.getHeader('content-security-policy');
    if (!pagePaths.includes(path) || typeof payload !== 'string' || typeof csp !== 'string') return done(null, payload);
    reply.header('content-security-policy', withInlineStyleHashes(csp, payload));
    done(null, payload);
  });
}

export function withInlineStyleHashes(csp: string, html: string): string {
  const hashes = new Set<string>(scriptStyleHashes());
  let attributes = false;
  for (const m of html.matchAll(/<style[^>]*>([\s\S]*?)<\/style>/gi)) hashes.add(sha256(m[1]));
  for (const m of html.matchAll(/\sstyle="([^"]*)"/gi)) {
    hashes.add(sha256(m[1]));
    attributes = true;
  }
  if (hashes.size === 0) return csp;
  const sources = [...(attributes ? ["'unsafe-hashes'"] : []), ...[...hashes].map((h) => `'sha256-${h}'`)].join(' ');
  return csp.replace(/style-src ([^;]*)/, (_all, current: string) => `style-src ${current} ${sources}`);
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('base64');
}

let bundleHashes: string[] | undefined;

/** The text of every `createElement("style", null, "…")` in Swagger UI's bundles, hashed. */
function scriptStyleHashes(): string[] {
  if (bundleHashes) return bundleHashes;
  bundleHashes = [];
  for (const file of ['swagger-ui-dist/swagger-ui-bundle.js', 'swagger-ui-dist/swagger-ui-standalone-preset.js']) {
    try {
      const source = readFileSync(require.resolve(file), 'utf8');
      for (const m of source.matchAll(/createElement\("style",null,"((?:[^"\\]|\\.)*)"\)/g)) bundleHashes.push(sha256(JSON.parse(`"${m[1]}"`) as string));
    } catch {
      // Without the bundle there is nothing of it to allow.
    }
  }
  return bundleHashes;
}
