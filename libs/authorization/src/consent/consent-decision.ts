import { Injectable } from '@nestjs/common';
import { attachRedirectTarget, clientIp, HttpReply, HttpRequest, InvalidClientRedirectError, InvalidRequestError, InvalidScopeError, LoginRequiredError, singleParams } from '@app/common';
import { ClientRegistry, redirectUriMatches } from '@app/clients';
import { AuthorizationResponses } from '../authorize/authorization-response';
import type { ValidatedAuthorization } from '../authorize/authorize-context';
import { Consents } from '../consents/consents.service';
import { Interactions } from '../interactions/interactions.service';
import { BrowserSessions } from '../sessions/browser-sessions.service';

/**
 * The consent form's answer (RFC 6749 §4.1.2, §4.1.2.1 access_denied; RFC 9700 §4.12: 302 as PRODUCT.md
 * documents, never 307, after a form POST). The CSRF token must match; the transaction must belong to
 * this browser session and signed-in user, be unexpired and unused; the channel must still be
 * approved, with the same redirect_uri and scopes registered (an operator may have changed
 * them while the page was open). Allow remembers the consent and issues the code; deny sends
 * access_denied.
 */
@Injectable()
export class ConsentDecision {
  constructor(
    private readonly sessions: BrowserSessions,
    private readonly interactions: Interactions,
    private readonly registry: ClientRegistry,
    private readonly consents: Consents,
    private readonly responses: AuthorizationResponses,
  ) {}

  async answer(req: HttpRequest, res: HttpReply): Promise<void> {
    const form = singleParams(req.body as Record<string, unknown> | undefined);
    const session = await this.sessions.verifiedPost(req, form._csrf);
    const signedIn = await this.sessions.signedIn(req);
    if (!signedIn) throw new LoginRequiredError('You are no longer signed in. Return to the application and start again.');
    const decision = form.decision;
    if (decision !== 'allow' && decision !== 'deny') throw new InvalidRequestError('decision must be allow or deny');
    const taken = await this.interactions.take(form.transaction_id, session.id, signedIn.user.id);
    if (!taken) {
      throw new InvalidRequestError('This authorization request has expired or was already answered. Return to the application and start again.');
    }
    const client = await this.registry.findByClientId(taken.clientId);
    if (!client || client.status !== 'approved') throw new InvalidClientRedirectError('This application is no longer approved to use this server');
    if (!redirectUriMatches(client.redirectUris, taken.pending.redirectUri)) {
      throw new InvalidClientRedirectError('The redirect_uri is no longer registered for this application');
    }
    const auth: ValidatedAuthorization = { ...taken.pending, client };
    try {
      if (!auth.scopes.every((s) => client.scopes.includes(s))) {
        throw new InvalidScopeError('This application may no longer request every scope it asked for');
      }
      let location: string;
      if (decision === 'deny') {
        location = this.responses.denial(auth);
      } else {
        await this.consents.grant(signedIn.user.id, client.clientId, auth.scopes, { actor: `user:${signedIn.user.id}`, ip: clientIp(req) });
        location = await this.responses.approve(auth, signedIn.user.id, signedIn.session.authTime, signedIn.session.amr);
      }
      res.header('Cache-Control', 'no-store').redirect(location, 302);
    } catch (err) {
      throw err instanceof Error ? attachRedirectTarget(err, this.responses.target(auth)) : err;
    }
  }
}
