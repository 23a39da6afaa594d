import { Injectable } from '@nestjs/common';
import { clientIp, HttpReply, HttpRequest, ValidationError } from '@app/common';
import { Passkeys, qrSvg, SecondFactors, UserView } from '@app/accounts';
import type { PasskeyView, SessionView } from '@app/accounts';
import { BrowserSessions } from '../sessions/browser-sessions.service';

/** Where a security page lives and which template draws it (the user's page or the console's). */
export interface SecurityPageSite {
  path: string;
  view: string;
  actor: (user: UserView) => string;
  /** What the site's layout needs besides the panel (the console's header). */
  chrome?: (user: UserView) => Record<string, unknown>;
}

export interface SecurityPageModel {
  csrf: string;
  action: string;
  enrolled: boolean;
  recoveryLeft: number;
  /** While setting up: the secret to type (#totp-secret) and its QR code. */
  secret?: string;
  qr?: string;
  /** Right after confirming: the recovery codes, shown this once. */
  recoveryCodes?: string[];
  error?: string;
  removed?: boolean;
  /** The user's passkeys, each with a remove button; the page's script registers more. */
  passkeys?: (PasskeyView & { added: string })[];
  passkeyRemoved?: boolean;
}

/**
 * Two-step verification set-up for a signed-in user, drawn by the user's page
 * (/account/security) and the console's (/admin/security): an authenticator is offered at once
 * (secret as text and a QR code), confirmed with a first code (then ten recovery codes are shown
 * once, and this session counts as signed in with the second factor), removed with a fresh code;
 * the passkeys are listed beside it (SecurityPasskeys adds and removes them).
 */
@Injectable()
export class SecurityPage {
  constructor(private readonly factors: SecondFactors, private readonly sessions: BrowserSessions, private readonly passkeys: Passkeys) {}

  async show(res: HttpReply, site: SecurityPageSite, user: UserView, session: SessionView, extra: Partial<SecurityPageModel> = {}): Promise<void> {
    const status = await this.factors.status(user.id);
    const model: SecurityPageModel = {
      csrf: session.csrfToken, action: site.path, enrolled: status.totp, recoveryLeft: status.recovery_codes_left, passkeys: (await this.passkeys.list(user.id)).map((p) => ({ ...p, added: p.created_at.slice(0, 10) })), ...extra,
    };
    if (!status.totp && !extra.recoveryCodes) {
      const enrolment = (await this.factors.pendingTotp(user.id, user.username)) ?? (await this.factors.beginTotp(user.id, user.username));
      model.secret = enrolment.secret;
      model.qr = await qrSvg(enrolment.uri);
    }
    res.status(extra.error ? 400 : 200).header('Cache-Control', 'no-store').view(site.view, {
      titleKey: 'security.title', user: { name: user.display_name ?? user.username, username: user.username }, ...model, ...site.chrome?.(user),
    });
  }

  async confirm(req: HttpRequest, res: HttpReply, site: SecurityPageSite, user: UserView, session: SessionView, code: unknown): Promise<void> {
    try {
      const recoveryCodes = await this.factors.confirmTotp(user.id, typeof code === 'string' ? code : '', { actor: site.actor(user), ip: clientIp(req) });
      // The user just proved the second factor in a signed-in session: it now counts as one.
      const upgraded = await this.sessions.logIn(req, res, user, [...new Set([...(session.amr ?? ['pwd']), 'otp', 'mfa'])]);
      return this.show(res, site, user, upgraded, { recoveryCodes });
    } catch (err) {
      if (err instanceof ValidationError) return this.show(res, site, user, session, { error: err.message });
      throw err;
    }
  }

  async remove(req: HttpRequest, res: HttpReply, site: SecurityPageSite, user: UserView, session: SessionView, code: unknown): Promise<void> {
    try {
      await this.factors.remove(user.id, code, { actor: site.actor(user), ip: clientIp(req) });
    } catch (err) {
      if (err instanceof ValidationError) return this.show(res, site, user, session, { error: err.message });
      throw err;
    }
    return this.show(res, site, user, session, { removed: true });
  }
}
