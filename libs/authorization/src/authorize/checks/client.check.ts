import { InvalidClientRedirectError } from '@app/common';
import type { AuthorizeContext } from '../authorize-context';

/**
 * RFC 6749 §4.1.2.1, OAuth 2.1 §4.1.2.1, RFC 9700 §4.11.2: a missing or unknown client_id, or a
 * channel that is not approved (PRODUCT.md lifecycle), is shown on the error page and never
 * redirected: nothing yet proves where the answer may be sent. A dialect route that serves only
 * apps with an RSA key (seed 003) refuses the others the same way (issue 14 #5).
 */
export function checkClient(ctx: AuthorizeContext): void {
  const clientId = ctx.request.clientId;
  if (!clientId) throw new InvalidClientRedirectError('The request has no client_id');
  const client = ctx.foundClient;
  if (!client || client.clientId !== clientId) throw new InvalidClientRedirectError('The client_id is not known to this server');
  if (client.status !== 'approved') throw new InvalidClientRedirectError('This application is not approved to use this server');
  if (ctx.profile.requireSignatureKey && !client.sopPublicKey) {
    throw new InvalidClientRedirectError('This authorization route serves only apps with a registered RSA public key (sop_public_key)');
  }
  ctx.client = client;
}
