import { ArgumentsHost, BadRequestException, Catch, ExceptionFilter } from '@nestjs/common';
import { HttpReply, ValidationError } from '@app/common';

/**
 * RFC 7591 §3.2.2: a refused registration answers 400 with `invalid_redirect_uri` when the
 * redirect URIs are at fault and `invalid_client_metadata` for any other field (a requested
 * client_id or an unknown field among them). Same body shape as the global ApiExceptionFilter.
 */
@Catch(ValidationError, BadRequestException)
export class RegistrationErrorFilter implements ExceptionFilter {
  catch(exception: ValidationError | BadRequestException, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<HttpReply>();
    if (res.sent) return;
    const messages = messagesOf(exception);
    const aboutRedirects = messages.length > 0 && messages.every((m) => /^(each value in )?(post_logout_)?redirect_uris\b/.test(m));
    res.status(400).header('Cache-Control', 'no-store').send({
      statusCode: 400,
      error: aboutRedirects ? 'invalid_redirect_uri' : 'invalid_client_metadata',
      error_description: messages.join('; '),
      message: messages,
      ...(exception instanceof ValidationError ? { details: exception.details } : {}),
    });
  }
}

function messagesOf(exception: ValidationError | BadRequestException): string[] {
  if (exception instanceof ValidationError) return [exception.message];
  const body = exception.getResponse() as { message?: unknown } | string;
  const message = typeof body === 'string' ? body : body.message ?? exception.message;
  return Array.isArray(message) ? message.map(String) : [String(message)];
}
