import type { FastifyInstance } from 'fastify';
import type { Logger as PinoInstance } from 'pino';
import { redactUrl } from './redact';

const QUIET = new Set(['/healthz', '/readyz']);

/**
 * One line per answered request — method, URL with secret query values redacted, status, time,
 * and the request id (bound to Fastify's per-request logger) — at info, warn for 4xx, error for
 * 5xx. Written in onResponse, after the answer has gone out, and built only when its level is
 * enabled: a busy token endpoint at LOG_LEVEL=warn pays nothing for its 200s. (pino-http as Nest
 * middleware did this work on every request before the handler ran, redaction included.)
 */
export function registerAccessLog(fastify: FastifyInstance, logger: PinoInstance): void {
  fastify.addHook('onResponse', (request, reply, done) => {
    const status = reply.statusCode;
    const level = status >= 500 ? 'error' : status >= 400 ? 'warn' : 'info';
    if (logger.isLevelEnabled(level) && !QUIET.has(request.url)) {
      request.log[level]({
        req: { method: request.method, url: redactUrl(request.url), remoteAddress: request.ip },
        res: { statusCode: status },
        responseTime: Math.round(reply.elapsedTime * 10) / 10,
      }, 'request completed');
    }
    done();
  });
}
