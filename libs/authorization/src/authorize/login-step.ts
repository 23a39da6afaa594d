import { Injectable } from '@nestjs/common';
import { HttpReply, HttpRequest, LoginRequiredError, sha256Hex } from '@app/common';
import type { SessionView } from '@app/accounts';
import { BrowserSessions, SignedIn } from '../sessions/browser-sessions.service';
import type { AuthorizeRequest } from './authorize-request';
import { parseMaxAge } from './checks/max-age.check';
import { loginUrl } from './return-url';

interface FreshLoginMarker {
  request: string;
  at: string;
}

/**
 * RFC 9700 §4.11.2 (checklist #4): the user is authenticated before the AS redirects anywhere,
 * so a verified client and redirect_uri lead to the login page first. OIDC Core §3.1.2.1:
 * prompt=none never shows a page (login_required instead); prompt=login asks for the password
 * again even with a session — the request is marked in the session and is satisfied only by
 * a login that happened after the mark. max_age: a session whose login is older asks for the
 * password again (max_age=0 behaves as prompt=login); with prompt=none it is login_required.
 */
@Injectable()
export class LoginStep {
  constructor(private readonly sessions: BrowserSessions) {}

  /** The signed-in user, or null once the browser was sent to the login page. */
  async require(req: HttpRequest, res: HttpReply, request: AuthorizeRequest, returnTo: string): Promise<SignedIn | null> {
    const signedIn = await this.sessions.signedIn(req);
    const maxAge = parseMaxAge(request.maxAge);
    if (request.prompt === 'none') {
      if (!signedIn) throw new LoginRequiredError('The user is not signed in');
      if (maxAge !== null && loginOlderThan(signedIn.session, maxAge)) throw new LoginRequiredError('The last login is older than max_age');
      return signedIn;
    }
    if (request.prompt === 'login' || maxAge === 0) {
      const requestKey = sha256Hex(returnTo);
      if (signedIn && loggedInSince(signedIn.session, requestKey)) {
        const { freshLogin: _done, ...rest } = signedIn.session.data;
        await this.sessions.updateData(req, signedIn.session, rest);
        return signedIn;
      }
      const session = await this.sessions.ensure(req, res);
      const marker: FreshLoginMarker = { request: requestKey, at: new Date().toISOString() };
      await this.sessions.updateData(req, session, { ...session.data, freshLogin: marker });
      this.toLoginPage(res, returnTo);
      return null;
    }
    if (!signedIn || (maxAge !== null && loginOlderThan(signedIn.session, maxAge))) {
      this.toLoginPage(res, returnTo);
      return null;
    }
    return signedIn;
  }

  private toLoginPage(res: HttpReply, returnTo: string): void {
    res.header('Cache-Control', 'no-store').redirect(loginUrl(returnTo), 302);
  }
}

function loggedInSince(session: SessionView, requestKey: string): boolean {
  const marker = session.data.freshLogin as FreshLoginMarker | undefined;
  if (!marker || marker.request !== requestKey || !session.authTime) return false;
  return session.authTime.getTime() >= Date.parse(marker.at);
}

function loginOlderThan(session: SessionView, maxAgeSeconds: number): boolean {
  return !session.authTime || Date.now() - session.authTime.getTime() > maxAgeSeconds * 1000;
}
