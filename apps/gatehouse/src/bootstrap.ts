import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { ValidationPipe } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import cookieParser from 'cookie-parser';
import helmet from 'helmet';
import hbs from 'hbs';
import { json, urlencoded } from 'express';
import { ApiExceptionFilter, AppConfig } from '@app/common';
import { AppModule, AppModuleOptions } from './app.module';
import { viewsDir } from './views-dir';
import { resolve } from 'node:path';

/**
 * Builds the Nest application exactly as production runs it; main.ts and the e2e tests both
 * use this, so tests exercise the real wiring (filters, pipes, body limits, headers, views).
 */
export async function createGatehouse(config: AppConfig, options: AppModuleOptions = {}): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, options), {
    bodyParser: false,
    bufferLogs: true,
    abortOnError: false,
  });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  app.set('trust proxy', config.server.trustProxy.length ? config.server.trustProxy : false);
  app.disable('x-powered-by');
  app.set('etag', false);

  const limit = config.server.bodyLimitBytes;
  app.use(json({ limit, type: ['application/json', 'application/*+json'] }));
  app.use(urlencoded({ limit, extended: false, parameterLimit: 200 }));
  app.use(cookieParser(config.session.secret));
  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'data:'],
          objectSrc: ["'none'"],
          baseUri: ["'none'"],
          frameAncestors: ["'none'"],
        },
      },
      frameguard: { action: 'deny' },
      referrerPolicy: { policy: 'no-referrer' },
      strictTransportSecurity: config.server.issuer.startsWith('https:'),
      crossOriginResourcePolicy: { policy: 'same-origin' },
    }),
  );

  const views = viewsDir();
  app.useStaticAssets(resolve(views, '..', 'public'), { prefix: '/static/', maxAge: '1h' });
  app.setBaseViewsDir(views);
  app.setViewEngine('hbs');
  hbs.registerPartials(`${views}/partials`);
  app.set('view options', { layout: 'layouts/main' });

  app.useGlobalPipes(
    new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true, stopAtFirstError: false }),
  );
  app.useGlobalFilters(new ApiExceptionFilter());
  setupSwagger(app, config);
  return app;
}

function setupSwagger(app: NestExpressApplication, config: AppConfig): void {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle(`${config.server.platformName} API`)
      .setDescription('Channel registration, the admin API and the resource API of the Gatehouse OAuth 2.0 server.')
      .setVersion('1')
      .addServer(config.server.issuer)
      .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'Admin session token or OAuth access token' }, 'bearer')
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
}
