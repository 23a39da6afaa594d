import { InvalidClientRedirectError } from '@app/common';
import { redirectUriMatches } from '@app/clients';
import type { AuthorizeContext } from '../authorize-context';

/**
 * RFC 6749 §3.1.2.3, §4.1.2.1; RFC 9700 §2.1, §4.1.3 (checklist #1, #2): the redirect_uri must
 * equal a registered one exactly (only a loopback IP's port may vary, RFC 8252 §7.3). It may be
 * omitted only when the channel registered exactly one. Failures are shown on the error page,
 * never redirected.
 */
export function checkRedirectUri(ctx: AuthorizeContext): void {
  const client = ctx.client;
  if (!client) throw new Error('checkRedirectUri runs after checkClient');
  const given = ctx.request.redirectUri;
  if (given === undefined) {
    if (client.redirectUris.length !== 1) {
      throw new InvalidClientRedirectError('redirect_uri is required: this application registered more than one');
    }
    ctx.redirectUri = client.redirectUris[0];
    ctx.redirectUriProvided = false;
    return;
  }
  if (!redirectUriMatches(client.redirectUris, given)) {
    throw new InvalidClientRedirectError('The redirect_uri is not registered for this application');
  }
  ctx.redirectUri = given;
  ctx.redirectUriProvided = true;
}
