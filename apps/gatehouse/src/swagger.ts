import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { AppConfig } from '@app/common';

/**
 * Swagger UI at /docs, the OpenAPI document at /docs-json. The document is built on the first
 * request for it, not at start (scanning every controller took a fifth of the start-up time).
 */
export function setupSwagger(app: INestApplication, config: AppConfig): void {
  const document = () => SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle(`${config.server.platformName} API`)
      .setDescription('Channel registration, the admin API and the resource API of the Gatehouse OAuth 2.0 server.')
      .setVersion('1')
      .addServer(config.server.issuer)
      .addTag('Registration', 'Register a channel (RFC 7591 field names). It starts pending until an operator approves it.')
      .addTag('Admin', 'Operators: the admin session, channels and their lifecycle, users, scopes, the audit log.')
      .addTag('OAuth', 'The OAuth 2.0 endpoints (RFC 6749, 7636, 7009, 7662, 8414).')
      .addTag('Resource', 'The resource API, called with a bearer access token (RFC 6750).')
      .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'Admin session token or OAuth access token' }, 'bearer')
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
}
