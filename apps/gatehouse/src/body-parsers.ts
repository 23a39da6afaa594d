import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { jsonTextProblem, MAX_JSON_DEPTH } from '@app/common';
import { IMPORT_MAX_BYTES } from '@app/migration';

/** The one route whose NDJSON body is streamed to its handler instead of read here. */
const IMPORT_PATH = /^\/api\/admin\/import(\?|$)/;

/** Form bodies with more parameters than any endpoint takes are refused (400), like oversized ones (413). */
export const MAX_FORM_PARAMETERS = 200;
export { MAX_JSON_DEPTH };

function tooLarge(message: string): Error {
  return Object.assign(new Error(message), { statusCode: 413, code: 'FST_ERR_CTP_BODY_TOO_LARGE', expose: true });
}

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
  // NDJSON (the importer): on POST /api/admin/import the body stream goes to the handler, which
  // reads it line by line up to IMPORT_MAX_BYTES; a declared length beyond that is refused at
  // once. On any other route it is read within the ordinary limit and left unparsed.
  fastify.addContentTypeParser('application/x-ndjson', (req, payload, done) => {
    if (!IMPORT_PATH.test(req.url)) return drain(payload, bodyLimit, done);
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > IMPORT_MAX_BYTES) return done(tooLarge(`The import is larger than ${IMPORT_MAX_BYTES} bytes`), undefined);
    done(null, payload);
  });
  fastify.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit }, (_req, _body, done) => done(null, undefined));
}

/** Reads a body that no handler wants, within `limit` (413 beyond; the rest is read and dropped). */
function drain(payload: NodeJS.ReadableStream, limit: number, done: (err: Error | null, body?: unknown) => void): void {
  let size = 0;
  let finished = false;
  const end = (err: Error | null) => {
    if (finished) return;
    finished = true;
    done(err, undefined);
  };
  payload.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size > limit) end(tooLarge('Request body is too large'));
  });
  payload.on('end', () => end(null));
  payload.on('error', (err) => end(err));
}

/** Requests Fastify refuses before routing (a path that is not valid percent-encoding …). */
export function frameworkErrors(error: FastifyError, _req: FastifyRequest, reply: FastifyReply): void {
  const description = error.code === 'FST_ERR_BAD_URL' ? 'A path parameter is not valid percent-encoding' : 'The request could not be read';
  void reply.status(400).headers({ 'Cache-Control': 'no-store' }).send({ statusCode: 400, error: 'invalid_request', error_description: description, message: description });
}
