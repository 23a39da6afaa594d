import { validateSync, ValidationError as ClassValidationError } from 'class-validator';
import { HttpRequest, InvalidRequestError, isFormEncoded, singleParams } from '@app/common';
import { formShapeOf } from './form-shape';

/**
 * The body of a back-channel OAuth request (RFC 6749 §3.2, RFC 7009 §2.1, RFC 7662 §2.1):
 * application/x-www-form-urlencoded only, each parameter at most once, checked against the
 * endpoint's DTO. Every failure is invalid_request (STYLE rule 8), never Nest's default body;
 * unknown parameters are kept and ignored (OAuth 2.1 §3.2.2, #28).
 */
export function readOAuthForm<T extends object>(req: HttpRequest, dto: new () => T): Record<string, string> {
  if (!isFormEncoded(req.headers['content-type'])) {
    throw new InvalidRequestError('The request body must be application/x-www-form-urlencoded');
  }
  const params = singleParams(req.body as Record<string, unknown>);
  // The form DTOs hold strings only (no @Type/@Transform), so a plain copy is the instance
  // class-transformer would build, at a fraction of its cost on the token endpoint's hot path.
  const instance = Object.assign(new dto(), params);
  if (formShapeOf(dto)?.(instance as Record<string, unknown>)) return params;
  const errors = validateSync(instance, { forbidUnknownValues: false, validationError: { target: false } });
  if (errors.length) throw new InvalidRequestError(describe(errors[0]));
  return params;
}

function describe(error: ClassValidationError): string {
  const message = Object.values(error.constraints ?? {})[0];
  return message ?? `${error.property} is invalid`;
}
