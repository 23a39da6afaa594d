import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { authserverRawUrlAnswer } from '@app/dialects';

type ClientError = Error & { code?: string; rawPacket?: unknown };

/** The request target of a request line (`GET /path?query HTTP/1.1`), read as the bytes came (latin1). */
export function requestTarget(rawPacket: unknown): string | null {
  if (!Buffer.isBuffer(rawPacket)) return null;
  const line = rawPacket.subarray(0, Math.min(rawPacket.length, 8192)).toString('latin1').split('\r\n', 1)[0];
  const match = /^[A-Z]+ (\S+) HTTP\/\d\.\d$/.exec(line);
  return match ? match[1] : null;
}

/**
 * Requests Node's HTTP parser refuses before Fastify sees them ('clientError'): Fastify's own
 * answers (408 timeout, 431 headers too large, 400), except a request target with characters
 * that must be percent-encoded (raw UTF-8, as curl sends seed 004's documented
 * `/client/add?clientName=应用名称`): the seed 004 envelope on its registration path, and
 * `invalid_request` JSON naming the problem everywhere else.
 */
export function clientErrorHandler(err: ClientError, socket: Socket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  let status = 400;
  let body: unknown;
  if (err.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    status = 408;
    body = { error: STATUS_CODES[408], message: 'Client Timeout', statusCode: 408 };
  } else if (err.code === 'HPE_HEADER_OVERFLOW') {
    status = 431;
    body = { error: STATUS_CODES[431], message: 'Exceeded maximum allowed HTTP header size', statusCode: 431 };
  } else if (err.code === 'HPE_INVALID_URL') {
    const target = requestTarget(err.rawPacket);
    const description = 'The request target has characters that must be percent-encoded (RFC 3986), such as raw UTF-8 in the query';
    body = (target && authserverRawUrlAnswer(target)) ?? { statusCode: 400, error: 'invalid_request', error_description: description, message: description };
  } else {
    body = { error: STATUS_CODES[400], message: 'Client Error', statusCode: 400 };
  }
  if (socket.writable) {
    const text = JSON.stringify(body);
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\nCache-Control: no-store\r\n` +
        `Connection: close\r\nContent-Length: ${Buffer.byteLength(text)}\r\n\r\n${text}`,
    );
  }
  socket.destroy(err);
}
