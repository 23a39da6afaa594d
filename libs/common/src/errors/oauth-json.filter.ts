import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import type { HttpReply, HttpRequest } from '../http/http-types';
import { toOAuthError } from './classify';
import { InvalidClientError } from './oauth-errors';

/**
 * Back-channel endpoints (token, revoke, introspect): RFC 6749 §5.2 JSON errors with
 * Cache-Control: no-store. invalid_client is 401 with WWW-Authenticate when the client used
 * the Authorization header (§5.2); unknown errors become server_error and are logged.
 */
@Catch()
export class OAuthJsonFilter implements ExceptionFilter {
  private readonly logger = new Logger('OAuth');

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const res = ctx.getResponse<HttpReply>();
    const req = ctx.getRequest<HttpRequest>();
    const { oauth, unexpected } = toOAuthError(exception);
    if (unexpected) this.logger.error(exception);
    if (res.sent) return;
    const headers: Record<string, string> = { 'Cache-Control': 'no-store', Pragma: 'no-cache', ...oauth.headers };
    if (oauth instanceof InvalidClientError && /^basic /i.test(req.headers.authorization ?? '')) {
      headers['WWW-Authenticate'] = 'Basic realm="gatehouse", charset="UTF-8"';
    }
    res.status(oauth.status).headers(headers).send(oauth.toJSON());
  }
}
