import { Injectable } from '@nestjs/common';
import { clientIp, HttpReply, HttpRequest, ValidationError } from '@app/common';
import { Passkeys, UserView } from '@app/accounts';
import type { SessionView } from '@app/accounts';
import { BrowserSessions } from '../sessions/browser-sessions.service';
import { PasskeyChallenges } from '../login/passkeys/passkey-challenges';
import { ceremonyResponse, jsonCsrfToken, sendJson, sendRefusal } from '../login/passkeys/passkey-json';
import { SecurityPage, SecurityPageSite } from './security-page';

/**
 * Passkeys on the security pages (/account/security, /admin/security): the page's script asks
 * `POST <page>/passkeys/options` for a registration challenge, lets the browser create the
 * credential, and posts it to `POST <page>/passkeys` (both JSON, CSRF token in X-CSRF-Token);
 * `POST <page>/passkeys/remove` (a form) removes one. Every change is audited. A registration
 * upgrades the session to `hwk`+`mfa`, as confirming an authenticator app does.
 */
@Injectable()
export class SecurityPasskeys {
  constructor(
    private readonly passkeys: Passkeys,
    private readonly challenges: PasskeyChallenges,
    private readonly sessions: BrowserSessions,
    private readonly page: SecurityPage,
  ) {}

  async options(req: HttpRequest, res: HttpReply, user: UserView): Promise<void> {
    const session = await this.sessions.verifiedPost(req, jsonCsrfToken(req));
    try {
      const options = await this.passkeys.registrationOptions({ id: user.id, username: user.username, displayName: user.display_name });
      await this.challenges.issue(req, session, 'register', options.challenge);
      sendJson(res, 200, options);
    } catch (err) {
      if (err instanceof ValidationError) return sendRefusal(res, err.message);
      throw err;
    }
  }

  async register(req: HttpRequest, res: HttpReply, site: SecurityPageSite, user: UserView): Promise<void> {
    const session = await this.sessions.verifiedPost(req, jsonCsrfToken(req));
    const challenge = await this.challenges.take(req, session, 'register');
    if (!challenge) return sendRefusal(res, 'challenge: no passkey set-up is waiting (it expired or was used); start again');
    try {
      const name = ((req.body ?? {}) as Record<string, unknown>).name;
      const added = await this.passkeys.register(user.id, ceremonyResponse(req), challenge, { actor: site.actor(user), ip: clientIp(req) }, name);
      // As with an authenticator app's first code: the user just used the passkey in this
      // signed-in session, so it now counts as signed in with it (new session id).
      await this.sessions.logIn(req, res, user, [...new Set([...(session.amr ?? ['pwd']), 'hwk', 'mfa'])]);
      sendJson(res, 201, { passkey: added });
    } catch (err) {
      if (err instanceof ValidationError) return sendRefusal(res, err.message);
      throw err;
    }
  }

  async remove(req: HttpRequest, res: HttpReply, site: SecurityPageSite, user: UserView, session: SessionView, id: unknown): Promise<void> {
    const removed = await this.passkeys.remove(user.id, id, { actor: site.actor(user), ip: clientIp(req) });
    if (!removed) return this.page.show(res, site, user, session, { error: 'That passkey does not exist (any more).' });
    return this.page.show(res, site, user, session, { passkeyRemoved: true });
  }
}
