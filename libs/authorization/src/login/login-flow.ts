import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig, clientIp, HttpReply, HttpRequest } from '@app/common';
import { AuditLog } from '@app/persistence';
import { BrowserSessions } from '../sessions/browser-sessions.service';
import { PasswordLogin } from './password-login';
import { SignInCompletion } from './second-factor/sign-in-completion';
import { safeReturnTo } from './return-to';

/** One message for unknown user, wrong password and disabled account: nothing to enumerate. */
export const LOGIN_FAILED_MESSAGE = 'The username or password is incorrect.';
export const LOGIN_LOCKED_MESSAGE = 'Too many failed sign-in attempts. Wait a while and try again.';
export const LOGIN_UNAVAILABLE_MESSAGE = 'Sign-in is unavailable right now. Try again in a few minutes.';

interface LoginForm {
  username?: unknown;
  password?: unknown;
  return_to?: unknown;
  _csrf?: unknown;
}

/**
 * The login and logout pages (RFC 9700 §4.11, §4.12; checklist #6, #9): CSRF-checked posts,
 * throttled password checks, a 302 (never 307) to a relative path of this server only, the session id
 * rotated at login and the session destroyed at logout (which never redirects anywhere).
 */
@Injectable()
export class LoginFlow {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly sessions: BrowserSessions,
    private readonly passwords: PasswordLogin,
    private readonly audit: AuditLog,
    private readonly completion: SignInCompletion,
  ) {}

  async show(req: HttpRequest, res: HttpReply): Promise<void> {
    const session = await this.sessions.formToken(req, res);
    const returnTo = safeReturnTo((req.query as Record<string, unknown>).return_to);
    this.render(res, 200, { csrf: session.csrfToken, returnTo, username: loginHint(returnTo) });
  }

  async submit(req: HttpRequest, res: HttpReply): Promise<void> {
    const form = (req.body ?? {}) as LoginForm;
    const session = await this.sessions.verifiedLoginPost(req, form._csrf);
    const returnTo = safeReturnTo(form.return_to);
    const username = typeof form.username === 'string' ? form.username.slice(0, 64) : '';
    const result = await this.passwords.attempt(req, form.username, form.password, res);
    if (result.outcome === 'throttled') {
      res.header('Retry-After', String(result.retryAfterSeconds));
      this.render(res, 429, { csrf: session.csrfToken, returnTo, username, error: LOGIN_LOCKED_MESSAGE });
      return;
    }
    if (result.outcome === 'unavailable') {
      res.header('Retry-After', '30');
      this.render(res, 503, { csrf: session.csrfToken, returnTo, username, error: LOGIN_UNAVAILABLE_MESSAGE });
      return;
    }
    if (result.outcome === 'invalid') {
      this.render(res, 401, { csrf: session.csrfToken, returnTo, username, error: LOGIN_FAILED_MESSAGE });
      return;
    }
    await this.completion.complete(req, res, result.user, ['pwd'], returnTo);
  }

  async logout(req: HttpRequest, res: HttpReply): Promise<void> {
    const form = (req.body ?? {}) as LoginForm;
    const session = await this.sessions.verifiedPost(req, form._csrf);
    await this.sessions.logOut(req, res);
    if (session.userId) {
      await this.audit.record({ actor: `user:${session.userId}`, ip: clientIp(req) }, {
        action: 'user.logout', targetType: 'user', targetId: session.userId,
      });
    }
    res.status(200).header('Cache-Control', 'no-store').view('logged-out', {
      title: 'Signed out', platformName: this.config.server.platformName,
    });
  }

  private render(res: HttpReply, status: number, model: { csrf: string; returnTo: string; username?: string; error?: string }): void {
    res.status(status).header('Cache-Control', 'no-store').view('login', {
      title: 'Sign in', platformName: this.config.server.platformName, ...model, returnToAttribute: attributeValue(model.returnTo),
    });
  }
}

/** OIDC Core §3.1.2.1 login_hint of the authorization request being resumed: prefills the username. */
function loginHint(returnTo: string): string | undefined {
  try {
    const hint = new URL(returnTo, 'http://gatehouse.invalid').searchParams.get('login_hint');
    return hint ? hint.slice(0, 64) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Escapes a value for a double-quoted HTML attribute with only the characters that need it
 * (& " ' < >). Handlebars' own escaping also rewrites "=" as "&#x3D;", which mangles the query
 * string for scripted clients that read the hidden return_to without an HTML parser.
 */
export function attributeValue(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/'/g, '&#39;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
