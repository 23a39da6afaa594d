import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** Form bodies with more parameters than any endpoint takes are refused (400), like oversized ones (413). */
export const MAX_FORM_PARAMETERS = 200;
/** JSON nested deeper than any of our DTOs is refused before it reaches validation. */
export const MAX_JSON_DEPTH = 32;

function badRequest(message: string): Error {
  return Object.assign(new Error(message), { statusCode: 400, code: 'FST_ERR_CTP_INVALID_CONTENT', expose: true });
}

/**
 * The body parsers: application/x-www-form-urlencoded (repeated names become arrays, so the
 * OAuth endpoints can refuse them), JSON with a depth limit, and every other content type read
 * within the size limit and left unparsed, so the endpoints themselves answer invalid_request.
 */
export function registerBodyParsers(fastify: FastifyInstance, bodyLimit: number): void {
  fastify.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit }, (_req, body, done) => {
    const text = body as string;
    let count = text.length ? 1 : 0;
    for (let i = 0; i < text.length && count <= MAX_FORM_PARAMETERS; i++) if (text.charCodeAt(i) === 38 /* & */) count++;
    if (count > MAX_FORM_PARAMETERS) return done(badRequest(`The request has more than ${MAX_FORM_PARAMETERS} parameters`), undefined);
    const result: Record<string, string | string[]> = Object.create(null);
    for (const [key, value] of new URLSearchParams(text)) {
      const existing = result[key];
      result[key] = existing === undefined ? value : Array.isArray(existing) ? [...existing, value] : [existing, value];
    }
    done(null, { ...result });
  });
  fastify.removeContentTypeParser(['application/json']);
  fastify.addContentTypeParser(/^application\/([\w.-]+\+)?json$/, { parseAs: 'string', bodyLimit }, (_req, body, done) => {
    const text = body as string;
    if (text.length === 0) return done(badRequest('The request body is empty'), undefined);
    if (depthExceeds(text, MAX_JSON_DEPTH)) return done(badRequest(`The JSON body is nested deeper than ${MAX_JSON_DEPTH} levels`), undefined);
    // As secure-json-parse does: prototype poisoning is refused, never merged.
    if (/"__proto__"\s*:|"constructor"\s*:\s*\{[^}]*"prototype"\s*:/.test(text)) return done(badRequest('The JSON body has a forbidden key'), undefined);
    try {
      done(null, JSON.parse(text));
    } catch {
      done(badRequest('The request body is not valid JSON'), undefined);
    }
  });
  fastify.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit }, (_req, _body, done) => done(null, undefined));
}

/** A linear scan for [ and { outside strings. */
function depthExceeds(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      if (++depth > max) return true;
    } else if (c === 125 || c === 93) depth--;
  }
  return false;
}

/** Requests Fastify refuses before routing (a path that is not valid percent-encoding …). */
export function frameworkErrors(error: FastifyError, _req: FastifyRequest, reply: FastifyReply): void {
  const description = error.code === 'FST_ERR_BAD_URL' ? 'A path parameter is not valid percent-encoding' : 'The request could not be read';
  void reply.status(400).headers({ 'Cache-Control': 'no-store' }).send({ statusCode: 400, error: 'invalid_request', error_description: description, message: description });
}
