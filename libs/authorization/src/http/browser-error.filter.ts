import { ArgumentsHost, Catch } from '@nestjs/common';
import { DomainError, HttpReply, OAuthBrowserFilter, RateLimitedError } from '@app/common';

/**
 * The browser pages' filter: OAuthBrowserFilter (redirect only to a verified redirect_uri, else
 * the error page), plus domain errors (a failed CSRF check is 403 "forbidden") on the same page
 * with their own status and code.
 */
@Catch()
export class BrowserErrorFilter extends OAuthBrowserFilter {
  override catch(exception: unknown, host: ArgumentsHost): void {
    if (exception instanceof DomainError && !(exception instanceof RateLimitedError)) {
      const res = host.switchToHttp().getResponse<HttpReply>();
      if (res.sent) return;
      res.status(exception.status).header('Cache-Control', 'no-store')
        .view('error', { error: exception.code, description: exception.message, status: exception.status });
      return;
    }
    super.catch(exception, host);
  }
}
