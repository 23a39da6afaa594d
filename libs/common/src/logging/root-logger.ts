import pino, { Logger as PinoInstance } from 'pino';
import { Logger as NestPinoLogger, PinoLogger } from 'nestjs-pino';
import { REDACT_PATHS } from './redact';

export interface LoggingOptions {
  level?: string;
  /** A destination stream (tests capture the log output to prove nothing secret is in it). */
  stream?: NodeJS.WritableStream;
}

export type LogFormat = 'json' | 'pretty';

/**
 * JSON lines unless a person reads them: human-readable (pino-pretty) when stdout is a terminal.
 * LOG_FORMAT=json or LOG_FORMAT=pretty decides instead of the terminal check.
 */
export function logFormatFor(env: { LOG_FORMAT?: string }, stdoutIsTty: boolean): LogFormat {
  const wanted = env.LOG_FORMAT?.trim().toLowerCase();
  if (wanted === 'json' || wanted === 'pretty') return wanted;
  return stdoutIsTty ? 'pretty' : 'json';
}

/**
 * The process's one pino logger: structured JSON, credentials never reach a line (REDACT_PATHS
 * for objects, redactUrl for URLs). Fastify uses it for its per-request loggers (bound to the
 * request id) and the access log; Nest's Logger writes to it through nestjs-pino. On a terminal
 * the same records go through pino-pretty (synchronously, in process: no transport thread).
 */
export function createRootLogger(options: LoggingOptions = {}): PinoInstance {
  const settings = { level: options.level ?? process.env.LOG_LEVEL ?? 'info', redact: { paths: REDACT_PATHS, censor: '[REDACTED]' } };
  if (options.stream) return pino(settings, options.stream);
  if (logFormatFor(process.env, process.stdout.isTTY === true) === 'pretty') {
    // Loaded only here: a server logging JSON never needs it.
    const { PinoPretty: pinoPretty } = require('pino-pretty') as typeof import('pino-pretty');
    return pino(settings, pinoPretty({
      colorize: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname,context', sync: true,
      messageFormat: '{if context}[{context}] {end}{msg}',
    }));
  }
  return pino(settings);
}

/** Nest's start-up chatter (a line per module and per route): debug, not info. */
const STARTUP_CONTEXTS: ReadonlySet<string> = new Set(['RouterExplorer', 'RoutesResolver', 'InstanceLoader']);

/** nestjs-pino's logger, with Nest's route-mapping and module lines moved down to debug. */
class GatehouseNestLogger extends NestPinoLogger {
  override log(message: unknown, ...optionalParams: unknown[]): void {
    const context = optionalParams[optionalParams.length - 1];
    if (typeof context === 'string' && STARTUP_CONTEXTS.has(context)) return super.debug(message, ...optionalParams);
    return super.log(message, ...optionalParams);
  }
}

/** Nest's LoggerService over the root logger (framework and service log lines). */
export function nestLoggerFor(root: PinoInstance): NestPinoLogger {
  const params = { pinoHttp: { logger: root } };
  return new GatehouseNestLogger(new PinoLogger(params), params);
}
