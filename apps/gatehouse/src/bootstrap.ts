import type { IncomingMessage } from 'node:http';
import { dirname, resolve } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { LogController } from 'fastify';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import fastifyCookie from '@fastify/cookie';
import handlebars from 'handlebars';
import { ApiExceptionFilter, AppConfig, createRootLogger, nestLoggerFor, registerAccessLog, registerHttpMetrics, requestIdFor, requestLoggerFactory } from '@app/common';
import { AppModule, AppModuleOptions } from './app.module';
import { frameworkErrors, registerBodyParsers } from './body-parsers';
import { clientErrorHandler } from './client-errors';
import { refuseDotSegments } from './dot-segments';
import { registerI18n } from './i18n';
import { securityHeaders } from './security-headers';
import { enableGracefulShutdown } from './shutdown';
import { setupSwagger } from './swagger';
import { StrictValidationPipe } from './validation-pipe';
import { registerViewHelpers, viewPartials } from './views';
import { viewsDir } from './views-dir';

/**
 * Builds the Nest application exactly as production runs it; main.ts and the e2e tests both
 * use this, so tests exercise the real wiring (filters, pipes, body limits, headers, views).
 * The adapter is Fastify: under Nest it served a guarded JSON route ~4.7x faster than Express 5
 * on this machine (bench/RESULTS.md), and the token and bearer paths are the product's hot paths.
 */
export async function createGatehouse(config: AppConfig, options: AppModuleOptions = {}): Promise<NestFastifyApplication> {
  const logger = createRootLogger(options.logging);
  const adapter = new FastifyAdapter({
    loggerInstance: logger,
    logController: new LogController({ disableRequestLogging: true }), // registerAccessLog writes one line per request instead
    childLoggerFactory: requestLoggerFactory, // request.log is made when something logs through it
    // No Nest middleware anywhere (everything is a Fastify hook, guard or pipe): without
    // @fastify/middie, no request pays for an empty middleware chain.
    skipMiddie: true,
    bodyLimit: config.server.bodyLimitBytes,
    trustProxy: config.server.trustProxy.length ? config.server.trustProxy : false,
    routerOptions: { maxParamLength: 2048 },
    return503OnClosing: false, // requests that arrive while closing: see shutdown.ts
    frameworkErrors,
    clientErrorHandler,
    genReqId: (req: IncomingMessage) => requestIdFor(req.headers['x-request-id']),
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config), adapter, {
    bufferLogs: true,
    abortOnError: false,
    bodyParser: false, // registerBodyParsers below
  });
  app.useLogger(nestLoggerFor(logger));
  enableGracefulShutdown(app, config.server.shutdownGraceMs);

  const fastify = app.getHttpAdapter().getInstance();
  refuseDotSegments(fastify);
  registerBodyParsers(fastify, config.server.bodyLimitBytes);
  registerHttpMetrics(fastify);
  registerAccessLog(fastify, logger);
  const headers = securityHeaders(config);
  fastify.addHook('onRequest', (req, reply, done) => {
    reply.headers(headers);
    reply.header('X-Request-Id', req.id);
    done();
  });
  await app.register(fastifyCookie, { secret: config.session.secret });
  registerI18n(fastify, config);

  const views = viewsDir();
  app.useStaticAssets({ root: resolve(views, '..', 'public'), prefix: '/static/', maxAge: 3_600_000 });
  // The published browser bundle of @simplewebauthn/browser, same origin (CSP script-src 'self').
  app.useStaticAssets({ root: webauthnBrowserBundle(), prefix: '/static/webauthn/', maxAge: 3_600_000, decorateReply: false });
  registerViewHelpers(handlebars);
  app.setViewEngine({
    engine: { handlebars },
    templates: views,
    viewExt: 'hbs',
    layout: 'layouts/main',
    options: { partials: viewPartials(views) },
  });

  app.useGlobalPipes(
    new StrictValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true, stopAtFirstError: false }),
  );
  app.useGlobalFilters(new ApiExceptionFilter());
  setupSwagger(app, config);
  return app;
}

/** Where @simplewebauthn/browser keeps its browser bundle (dist/bundle beside its CommonJS entry). */
function webauthnBrowserBundle(): string {
  return resolve(dirname(require.resolve('@simplewebauthn/browser')), '..', 'dist', 'bundle');
}
