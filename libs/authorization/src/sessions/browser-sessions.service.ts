import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig, HttpReply, HttpRequest } from '@app/common';
import { SessionStore, SessionView, UsersService, UserView } from '@app/accounts';
import { assertCsrf } from './csrf';
import { ANONYMOUS_SESSION_TTL, SESSION_COOKIE, sessionCookieOptions } from './session-cookie';

const CURRENT = Symbol('gatehouse.browserSession');

interface Memo {
  session: SessionView | null;
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
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly store: SessionStore,
    private readonly users: UsersService,
  ) {}

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
