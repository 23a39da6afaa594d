import type { FastifyReply, FastifyRequest } from 'fastify';
import '@fastify/cookie';
import '@fastify/view';

/**
 * The request and reply types of the HTTP adapter (Fastify, chosen for the hot paths: see
 * bench/RESULTS.md). Code imports these names, never the adapter's own, so the adapter stays
 * a detail of this file and of apps/gatehouse/src/bootstrap.ts.
 */
export type HttpRequest = FastifyRequest;
export type HttpReply = FastifyReply;

/** The request path without the query string. */
export function requestPath(req: HttpRequest): string {
  const q = req.url.indexOf('?');
  return q < 0 ? req.url : req.url.slice(0, q);
}
