import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig, constantTimeEqual, HttpReply, HttpRequest } from '@app/common';
import { SessionStore, SessionView, UsersService, UserView } from '@app/accounts';
import { AnonymousCsrf, ANONYMOUS_CSRF_COOKIE } from './anonymous-csrf';
import { assertCsrf, CsrfError } from './csrf';
import { ANONYMOUS_SESSION_TTL, SESSION_COOKIE, sessionCookieOptions } from './session-cookie';

const CURRENT = Symbol('gatehouse.browserSession');

interface Memo {
  session: SessionView | null;
}

/** What a login form needs: the CSRF token to put into `_csrf`. */
export interface FormToken {
  csrfToken: string;
}

export interface SignedIn {
  session: SessionView;
  user: UserView;
}

/**
 * Browser sessions over SessionStore (rows in the database, so several instances serve one
 * user): the `gh_session` cookie carries the session id, created on first need, rotated at
 * login (session fixation), destroyed at logout. The login pages, the consent step, the
 * account pages and the admin console all go through this one service.
 */
@Injectable()
export class BrowserSessions {
  private readonly anonymousCsrf: AnonymousCsrf;
  private readonly anonymousCsrfTtl: number;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly store: SessionStore,
    private readonly users: UsersService,
  ) {
    this.anonymousCsrfTtl = Math.min(ANONYMOUS_SESSION_TTL, config.session.ttlSeconds);
    this.anonymousCsrf = new AnonymousCsrf(config.session.secret, this.anonymousCsrfTtl);
  }

  /** The session named by the request's cookie, if it exists and has not expired. */
  async current(req: HttpRequest): Promise<SessionView | null> {
    const memo = (req as unknown as Record<symbol, Memo | undefined>)[CURRENT];
    if (memo) return memo.session;
    const sid = (req.cookies as Record<string, unknown> | undefined)?.[SESSION_COOKIE];
    const session = typeof sid === 'string' ? await this.store.find(sid, 'browser') : null;
    return this.remember(req, session);
  }

  /** The current session, or a new anonymous one (its cookie set on `res`). */
  async ensure(req: HttpRequest, res: HttpReply): Promise<SessionView> {
    const existing = await this.current(req);
    if (existing) return existing;
    const { sid, session } = await this.store.create('browser', Math.min(ANONYMOUS_SESSION_TTL, this.config.session.ttlSeconds));
    this.setCookie(res, sid);
    return this.remember(req, session);
  }

  /**
   * The CSRF token for a login form. A browser with a session gets the session's token; an
   * anonymous one a signed double-submit token in the `gh_csrf` cookie, so that showing the page
   * writes nothing to the database (issue 14 #7). A live cookie is reused (several tabs).
   */
  async formToken(req: HttpRequest, res: HttpReply): Promise<FormToken> {
    const existing = await this.current(req);
    if (existing) return existing;
    const cookie = (req.cookies as Record<string, unknown> | undefined)?.[ANONYMOUS_CSRF_COOKIE];
    const age = this.anonymousCsrf.age(cookie);
    if (typeof cookie === 'string' && age !== null && age < this.anonymousCsrfTtl / 2) return { csrfToken: cookie };
    const csrfToken = this.anonymousCsrf.issue();
    res.setCookie(ANONYMOUS_CSRF_COOKIE, csrfToken, sessionCookieOptions(this.config.server.issuer));
    return { csrfToken };
  }

  /**
   * For a login form post: passes with the session's token, or (no session needed) with the
   * anonymous double-submit pair of `formToken`. Anything else is a CsrfError.
   */
  async verifiedLoginPost(req: HttpRequest, token: unknown): Promise<FormToken> {
    const session = await this.current(req);
    if (session && typeof token === 'string' && token.length > 0 && constantTimeEqual(token, session.csrfToken)) return session;
    const cookie = (req.cookies as Record<string, unknown> | undefined)?.[ANONYMOUS_CSRF_COOKIE];
    if (this.anonymousCsrf.verify(cookie, token)) return { csrfToken: cookie as string };
    throw new CsrfError();
  }

  /** The signed-in user of this browser: null when anonymous, or when the account is gone or disabled. */
  async signedIn(req: HttpRequest): Promise<SignedIn | null> {
    const session = await this.current(req);
    if (!session?.userId) return null;
    const user = await this.users.findById(session.userId);
    if (!user || user.disabled) return null;
    return { session, user };
  }

  /**
   * Signs `user` in under a NEW session id: the id the browser had before stops working. `amr`
   * (RFC 8176) says how: it replaces whatever the session held before, never merges with it.
   */
  async logIn(req: HttpRequest, res: HttpReply, user: UserView, amr: string[] = ['pwd']): Promise<SessionView> {
    const ttl = this.config.session.ttlSeconds;
    const existing = await this.current(req);
    let sid: string;
    if (existing) {
      sid = await this.store.rotate(existing.id, user.id, ttl, amr);
    } else {
      sid = (await this.store.create('browser', ttl, user.id, {}, amr)).sid;
    }
    this.setCookie(res, sid);
    if ((req.cookies as Record<string, unknown> | undefined)?.[ANONYMOUS_CSRF_COOKIE] !== undefined) {
      res.clearCookie(ANONYMOUS_CSRF_COOKIE, sessionCookieOptions(this.config.server.issuer));
    }
    const session = await this.store.find(sid, 'browser');
    if (!session) throw new Error('the session vanished during login');
    return this.remember(req, session);
  }

  async logOut(req: HttpRequest, res: HttpReply): Promise<void> {
    const session = await this.current(req);
    if (session) await this.store.destroy(session.id);
    res.clearCookie(SESSION_COOKIE, sessionCookieOptions(this.config.server.issuer));
    this.remember(req, null);
  }

  /** For a form POST: the session, after checking the `_csrf` value the form carried. */
  async verifiedPost(req: HttpRequest, token: unknown): Promise<SessionView> {
    const session = await this.current(req);
    assertCsrf(session, token);
    return session;
  }

  async updateData(req: HttpRequest, session: SessionView, data: Record<string, unknown>): Promise<void> {
    await this.store.updateData(session.id, data);
    this.remember(req, { ...session, data });
  }

  /** updateData, only if the session's data is still what `session` holds (see SessionStore.replaceData). */
  async replaceData(req: HttpRequest, session: SessionView, data: Record<string, unknown>): Promise<boolean> {
    const replaced = await this.store.replaceData(session.id, session.data, data);
    if (replaced) this.remember(req, { ...session, data });
    return replaced;
  }

  private setCookie(res: HttpReply, sid: string): void {
    res.setCookie(SESSION_COOKIE, sid, sessionCookieOptions(this.config.server.issuer));
  }

  private remember(req: HttpRequest, session: SessionView): SessionView;
  private remember(req: HttpRequest, session: SessionView | null): SessionView | null;
  private remember(req: HttpRequest, session: SessionView | null): SessionView | null {
    (req as unknown as Record<symbol, Memo>)[CURRENT] = { session };
    return session;
  }
}
