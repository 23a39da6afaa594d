import type { FastifyInstance } from 'fastify';
import { metrics } from './metrics';

/** Counts responses by status class in an onResponse hook (off the request's critical path). */
export function registerHttpMetrics(fastify: FastifyInstance): void {
  const requests = metrics().httpRequests;
  fastify.addHook('onResponse', (_req, reply, done) => {
    requests.inc({ status: `${Math.floor(reply.statusCode / 100)}xx` });
    done();
  });
}
