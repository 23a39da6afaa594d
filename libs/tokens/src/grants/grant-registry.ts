import { Inject, Injectable } from '@nestjs/common';
import { InvalidRequestError, UnsupportedGrantTypeError } from '@app/common';
import { GRANT_HANDLERS, GrantHandler } from './grant-handler';

/** Grant types removed by RFC 9700 §2.4 / OAuth 2.1, refused with a message that says so. */
const REFUSED: Record<string, string> = {
  password: 'The resource owner password credentials grant is not supported (RFC 9700 §2.4)',
  implicit: 'The implicit grant is not supported (RFC 9700 §2.1.2)',
  token: 'The implicit grant is not supported (RFC 9700 §2.1.2)',
};

/** RFC 6749 §5.2: picks the handler by grant_type from the registered ones — never a switch. */
@Injectable()
export class GrantRegistry {
  private readonly handlers: Map<string, GrantHandler>;

  constructor(@Inject(GRANT_HANDLERS) handlers: GrantHandler[]) {
    this.handlers = new Map(handlers.map((h) => [h.grantType, h]));
  }

  get(grantType: string | undefined): GrantHandler {
    if (!grantType) throw new InvalidRequestError('grant_type is required');
    const handler = this.handlers.get(grantType);
    if (handler) return handler;
    throw new UnsupportedGrantTypeError(
      Object.hasOwn(REFUSED, grantType) ? REFUSED[grantType] : `grant_type "${grantType.slice(0, 64)}" is not supported`,
    );
  }

  supported(): string[] {
    return [...this.handlers.keys()];
  }
}
