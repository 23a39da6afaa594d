import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { jsonTextProblem, MAX_JSON_DEPTH } from '@app/common';

/** Form bodies with more parameters than any endpoint takes are refused (400), like oversized ones (413). */
export const MAX_FORM_PARAMETERS = 200;
export { MAX_JSON_DEPTH };

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
    const problem = jsonTextProblem(text, MAX_JSON_DEPTH);
    if (problem) return done(badRequest(`The JSON body ${problem}`), undefined);
    try {
      done(null, JSON.parse(text));
    } catch {
      done(badRequest('The request body is not valid JSON'), undefined);
    }
  });
  fastify.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit }, (_req, _body, done) => done(null, undefined));
}

/** Requests Fastify refuses before routing (a path that is not valid percent-encoding …). */
export function frameworkErrors(error: FastifyError, _req: FastifyRequest, reply: FastifyReply): void {
  const description = error.code === 'FST_ERR_BAD_URL' ? 'A path parameter is not valid percent-encoding' : 'The request could not be read';
  void reply.status(400).headers({ 'Cache-Control': 'no-store' }).send({ statusCode: 400, error: 'invalid_request', error_description: description, message: description });
}
