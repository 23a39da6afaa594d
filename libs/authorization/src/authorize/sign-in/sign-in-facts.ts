import { Injectable } from '@nestjs/common';
import { sha256Hex } from '@app/common';
import type { SessionView } from '@app/accounts';
import { BrowserSessions, SignedIn } from '../../sessions/browser-sessions.service';
import { parseMaxAge } from '../checks/max-age.check';
import type { SignInContext } from './sign-in-step';

interface FreshLoginMarker {
  request: string;
  at: string;
}

export type Freshness =
  | { kind: 'fresh'; signedIn: SignedIn }
  /** A login is needed; `markFreshLogin`: record first that only a login after now will do. */
  | { kind: 'stale'; reason: string; markFreshLogin: boolean };

/**
 * Whether the browser's session answers this request (RFC 9700 §4.11.2, OIDC Core §3.1.2.1),
 * whoever then does the login (Gatehouse's page or the platform's):
 * - no signed-in user: a login is needed;
 * - prompt=login (or max_age=0): the request is marked in the session and is satisfied only by
 *   a login that happened after the mark;
 * - max_age: a login older than that is not enough.
 */
@Injectable()
export class SignInFacts {
  constructor(private readonly sessions: BrowserSessions) {}

  async freshness(ctx: SignInContext): Promise<Freshness> {
    const { req, request } = ctx;
    const signedIn = await this.sessions.signedIn(req);
    const maxAge = parseMaxAge(request.maxAge);
    if (request.prompt === 'login' || maxAge === 0) {
      if (signedIn && loggedInSince(signedIn.session, sha256Hex(ctx.returnTo))) {
        const { freshLogin: _done, ...rest } = signedIn.session.data;
        await this.sessions.updateData(req, signedIn.session, rest);
        return { kind: 'fresh', signedIn };
      }
      return { kind: 'stale', reason: signedIn ? 'The request asks for a new login' : 'The user is not signed in', markFreshLogin: request.prompt !== 'none' };
    }
    if (!signedIn) return { kind: 'stale', reason: 'The user is not signed in', markFreshLogin: false };
    if (maxAge !== null && loginOlderThan(signedIn.session, maxAge)) {
      return { kind: 'stale', reason: 'The last login is older than max_age', markFreshLogin: false };
    }
    return { kind: 'fresh', signedIn };
  }

  /** Records that this request is satisfied only by a login from now on (prompt=login, max_age=0). */
  async markFreshLogin(ctx: SignInContext): Promise<void> {
    const session = await this.sessions.ensure(ctx.req, ctx.res);
    const marker: FreshLoginMarker = { request: sha256Hex(ctx.returnTo), at: new Date().toISOString() };
    await this.sessions.updateData(ctx.req, session, { ...session.data, freshLogin: marker });
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
