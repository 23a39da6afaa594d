import { ArgumentsHost, Catch, ExceptionFilter } from '@nestjs/common';
import { DomainError, HttpReply, OAuthError, RateLimitedError } from '@app/common';
import { seedFieldNames } from './authserver.mapper';

/**
 * Seed 004 registration errors: `{result: false, errcode, msg}` with errcode 4000 + (HTTP status
 * − 400): 4000 bad input, 4001 bad operator token, 4003 registration closed, 4029 throttled.
 * Anything else is left to the global filter (500, logged, never shown).
 */
@Catch(DomainError, OAuthError)
export class AuthserverErrorFilter implements ExceptionFilter {
  catch(exception: DomainError | OAuthError, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<HttpReply>();
    if (res.sent) return;
    const status = exception.status;
    const headers: Record<string, string> = { 'Cache-Control': 'no-store' };
    if (exception instanceof RateLimitedError) headers['Retry-After'] = String(Math.max(1, Math.ceil(exception.retryAfterSeconds)));
    const msg = exception instanceof OAuthError ? exception.description : exception.message;
    res.status(status).headers(headers).send({ result: false, errcode: 4000 + (status - 400), msg: seedFieldNames(msg) });
  }
}
