import { ArgumentsHost, Catch, ExceptionFilter } from '@nestjs/common';
import { InvalidTokenError, OAuthJsonFilter } from '@app/common';
import { invalidTokenError } from '@app/resource';

/** The document's own words for a bad token on getOpenId and getUserInfo. */
export const MALL_INVALID_TOKEN = 'The access token provided is invalid';

/**
 * Seed 002 step 4 errors: RFC 6750 / RFC 6749 §5.2 JSON as everywhere, with the document's
 * `error_description` for a missing, malformed, unknown, expired or revoked token (401
 * `invalid_token`); everything else as OAuthJsonFilter renders it.
 */
@Catch()
export class MallResourceErrorFilter implements ExceptionFilter {
  private readonly json = new OAuthJsonFilter();

  catch(exception: unknown, host: ArgumentsHost): void {
    this.json.catch(exception instanceof InvalidTokenError ? invalidTokenError(MALL_INVALID_TOKEN) : exception, host);
  }
}
