import { DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { REDACT_PATHS, redactUrl } from './redact';
import { requestIdFor } from './request-id';

export interface LoggingOptions {
  level?: string;
  /** A destination stream (tests capture the log output to prove nothing secret is in it). */
  stream?: NodeJS.WritableStream;
}

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
              // The HTTP adapter assigns the id (requestIdFor) and echoes it in X-Request-Id.
              genReqId: (req: IncomingMessage & { id?: string }) => req.id ?? requestIdFor(req.headers['x-request-id']),
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
