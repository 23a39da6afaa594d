import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { AppConfig, finishDocument, SECURITY_SCHEMES } from '@app/common';
import { registerDocsPageCsp } from './docs-csp';

/**
 * Swagger UI at /docs, the OpenAPI document at /docs-json. The document is built on the first
 * request for it, not at start (scanning every controller took a fifth of the start-up time).
 * `npm run lint:openapi` holds it to Redocly's recommended rules (redocly.yaml).
 */
export function setupSwagger(app: NestFastifyApplication, config: AppConfig): void {
  const document = () => finishDocument(SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle(`${config.server.platformName} API`)
      .setDescription(
        'The Gatehouse OAuth 2.0 / OpenID Connect server. A developer\'s path, in the order of the tags below: '
          + '**Register** a channel, have an operator approve it (**Admin**), send the user to **Authorize**, get **Tokens**, '
          + 'call the **Resource** API.\n\n'
          + 'Try it out from this page: *Authorize* with `bearer` (the token of POST /api/admin/session) for the admin API, '
          + 'with `client_basic` (client_id and client_secret) for the token, revoke and introspect endpoints, and with '
          + '`access_token` for the resource API. The machine-readable document is at `/docs-json`.',
      )
      .setVersion('1')
      .setLicense('MIT', 'https://opensource.org/license/mit')
      .addServer(serverPath(config.server.issuer), 'This server (the issuer)')
      .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'Operators: the `token` of POST /api/admin/session.' }, SECURITY_SCHEMES.admin)
      .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'An OAuth access token from POST /oauth2/token (RFC 6750 §2.1).' }, SECURITY_SCHEMES.accessToken)
      .addBasicAuth({
        type: 'http',
        scheme: 'basic',
        description: 'Client authentication (client_secret_basic, RFC 6749 §2.3.1): client_id as the user name, client_secret as the password. '
          + 'The alternative, client_secret_post, sends `client_id` and `client_secret` as form fields of the request body instead '
          + '(fill them in the body); public clients send `client_id` alone where the endpoint allows it.',
      }, SECURITY_SCHEMES.clientBasic)
      .build(),
  ));
  SwaggerModule.setup('docs', app, document, {
    jsonDocumentUrl: 'docs-json',
    customSiteTitle: `${config.server.platformName} API`,
    swaggerOptions: { persistAuthorization: true, displayRequestDuration: true },
  });
  registerDocsPageCsp(app.getHttpAdapter().getInstance(), ['/docs', '/docs/']);
}

/**
 * The server as a path on the origin /docs was opened from (the issuer's path, "/" at the root):
 * Try-it-out then calls the server the developer is looking at, whatever host name reached it.
 */
function serverPath(issuer: string): string {
  const path = new URL(issuer).pathname.replace(/\/+$/, '');
  return path || '/';
}
