import pino, { Logger as PinoInstance } from 'pino';
import { Logger as NestPinoLogger, PinoLogger } from 'nestjs-pino';
import { REDACT_PATHS } from './redact';

export interface LoggingOptions {
  level?: string;
  /** A destination stream (tests capture the log output to prove nothing secret is in it). */
  stream?: NodeJS.WritableStream;
}

/**
 * The process's one pino logger: structured JSON, credentials never reach a line (REDACT_PATHS
 * for objects, redactUrl for URLs). Fastify uses it for its per-request loggers (bound to the
 * request id) and the access log; Nest's Logger writes to it through nestjs-pino.
 */
export function createRootLogger(options: LoggingOptions = {}): PinoInstance {
  const settings = { level: options.level ?? process.env.LOG_LEVEL ?? 'info', redact: { paths: REDACT_PATHS, censor: '[REDACTED]' } };
  return options.stream ? pino(settings, options.stream) : pino(settings);
}

/** Nest's LoggerService over the root logger (framework and service log lines). */
export function nestLoggerFor(root: PinoInstance): NestPinoLogger {
  const params = { pinoHttp: { logger: root } };
  return new NestPinoLogger(new PinoLogger(params), params);
}
