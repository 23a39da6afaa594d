import { randomUUID } from 'node:crypto';
import { DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { REDACT_PATHS, redactUrl } from './redact';

export interface LoggingOptions {
  level?: string;
  /** A destination stream (tests capture the log output to prove nothing secret is in it). */
  stream?: NodeJS.WritableStream;
}

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** Structured JSON logs with a request id; credentials never reach a log line. */
@Module({})
export class LoggingModule {
  static forRoot(options: LoggingOptions = {}): DynamicModule {
    return {
      module: LoggingModule,
      imports: [
        LoggerModule.forRoot({
          pinoHttp: [
            {
              level: options.level ?? process.env.LOG_LEVEL ?? 'info',
              redact: { paths: REDACT_PATHS, censor: '[REDACTED]' },
              genReqId: (req: IncomingMessage, res: ServerResponse) => {
                const given = req.headers['x-request-id'];
                const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
                res.setHeader('X-Request-Id', id);
                return id;
              },
              serializers: {
                req: (req: { id: unknown; method: string; url: string; remoteAddress?: string }) => ({
                  id: req.id,
                  method: req.method,
                  url: redactUrl(req.url),
                  remoteAddress: req.remoteAddress,
                }),
                res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
              },
              customLogLevel: (_req: IncomingMessage, res: ServerResponse, err?: Error) =>
                err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
              autoLogging: { ignore: (req: IncomingMessage) => req.url === '/healthz' || req.url === '/readyz' },
            },
            ...(options.stream ? [options.stream as never] : []),
          ] as never,
        }),
      ],
    };
  }
}
