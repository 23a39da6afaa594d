import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import type { HttpReply } from '../http/http-types';
import { toOAuthError } from './classify';
import { buildRedirectUrl, redirectTargetOf } from './redirect-target';

/**
 * Front-channel endpoints (authorize, login, consent). RFC 6749 §4.1.2.1 / RFC 9207:
 * an error goes to the client only when its redirect_uri was verified first (the target is
 * attached by the authorize checks), with `state` and `iss`; anything else renders the error
 * page and never redirects.
 */
@Catch()
export class OAuthBrowserFilter implements ExceptionFilter {
  private readonly logger = new Logger('OAuth');

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<HttpReply>();
    const { oauth, unexpected } = toOAuthError(exception);
    if (unexpected) this.logger.error(exception);
    if (res.sent) return;
    const target = redirectTargetOf(exception);
    if (target && oauth.redirectable) {
      const location = buildRedirectUrl(target.redirectUri, {
        ...target.extra,
        error: oauth.error,
        error_description: oauth.description,
        state: target.state,
        iss: target.iss,
      });
      res.redirect(location, 302);
      return;
    }
    res.status(oauth.status).headers({ 'Cache-Control': 'no-store', ...oauth.headers });
    void res.view('error', { error: oauth.error, description: oauth.description, status: oauth.status });
  }
}
