import { Injectable } from '@nestjs/common';
import { ConsentRequiredError, HttpReply } from '@app/common';
import { ConsentPage } from '../consent/consent-page';
import { Consents } from '../consents/consents.service';
import { Interactions } from '../interactions/interactions.service';
import type { SignedIn } from '../sessions/browser-sessions.service';
import type { PendingAuthorization, ValidatedAuthorization } from './authorize-context';
import { AuthorizationResponses } from './authorization-response';

/**
 * RFC 6749 §4.1.1 step (B) and OAuth 2.1 §7.x consent: a remembered grant that covers every
 * requested scope issues the code at once (302); otherwise the consent page is shown, its
 * pending request recorded as an interaction. prompt=consent always shows the page and
 * prompt=none never does (consent_required). A public client's identity is not assured, so a
 * repeat request from one is never approved without the user (checklist #40).
 */
@Injectable()
export class ConsentStep {
  constructor(
    private readonly consents: Consents,
    private readonly interactions: Interactions,
    private readonly page: ConsentPage,
    private readonly responses: AuthorizationResponses,
  ) {}

  async decide(res: HttpReply, auth: ValidatedAuthorization, signedIn: SignedIn): Promise<void> {
    const { session, user } = signedIn;
    const granted = await this.consents.scopesFor(user.id, auth.client.clientId);
    const covered = auth.scopes.every((s) => granted.includes(s));
    if (covered && auth.prompt !== 'consent' && !auth.client.isPublic) {
      const location = await this.responses.approve(auth, user.id, session.authTime);
      res.header('Cache-Control', 'no-store').redirect(location, 302);
      return;
    }
    if (auth.prompt === 'none') {
      throw new ConsentRequiredError(auth.client.isPublic && covered
        ? 'This application needs the user to confirm access again'
        : 'The user has not granted every requested scope to this application');
    }
    const pending: PendingAuthorization = {
      redirectUri: auth.redirectUri,
      redirectUriProvided: auth.redirectUriProvided,
      scopes: auth.scopes,
      scopeRequested: auth.scopeRequested,
      state: auth.state,
      codeChallenge: auth.codeChallenge,
      nonce: auth.nonce,
      profile: auth.profile,
    };
    const transactionId = await this.interactions.create(session.id, user.id, auth.client.clientId, pending);
    await this.page.render(res, auth, signedIn, transactionId, granted);
  }
}
