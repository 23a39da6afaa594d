import type { FastifyInstance } from 'fastify';

/** `.` or `..` as a path segment, raw or percent-encoded (RFC 3986 §3.3 dot-segments). */
const DOT_SEGMENT = /(^|\/)(\.|%2e){1,2}(\/|$)/i;

/**
 * A request path with dot-segments names nothing here: clients remove them (RFC 3986 §5.2.4),
 * so only a hand-made request sends one, usually to climb out of /static/. It gets a 400 at once
 * instead of reaching the static file server, whose refusal would surface as a 500.
 */
export function refuseDotSegments(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (req, reply, done) => {
    const path = req.url.split('?', 1)[0];
    if (!path.includes('.') && !/%2e/i.test(path)) return done();
    if (!DOT_SEGMENT.test(path)) return done();
    reply.code(400).header('Cache-Control', 'no-store').send({
      statusCode: 400, error: 'invalid_request', error_description: 'The request path contains a "." or ".." segment', message: 'The request path contains a "." or ".." segment',
    });
  });
}
