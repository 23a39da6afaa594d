import { InvalidClientRedirectError } from '@app/common';
import type { AuthorizeContext } from '../authorize-context';

/**
 * RFC 6749 §4.1.2.1, OAuth 2.1 §4.1.2.1, RFC 9700 §4.11.2: a missing or unknown client_id, or a
 * channel that is not approved (PRODUCT.md lifecycle), is shown on the error page and never
 * redirected: nothing yet proves where the answer may be sent.
 */
export function checkClient(ctx: AuthorizeContext): void {
  const clientId = ctx.request.clientId;
  if (!clientId) throw new InvalidClientRedirectError('The request has no client_id');
  const client = ctx.foundClient;
  if (!client || client.clientId !== clientId) throw new InvalidClientRedirectError('The client_id is not known to this server');
  if (client.status !== 'approved') throw new InvalidClientRedirectError('This application is not approved to use this server');
  ctx.client = client;
}
