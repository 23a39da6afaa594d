import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig, HttpReply, HttpRequest } from '@app/common';
import { BrowserSessions } from '@app/authorization';
import type { ConsoleAdmin } from '../auth/console-admin';
import { SecretBox } from './secret-box';

/** A message for the next page: a locale key with its parameters (or a service's own text). */
export interface Flash {
  kind: 'success' | 'error';
  key: string;
  params?: Record<string, string>;
}

const FLASH = 'consoleFlash';
const REVEAL = 'consoleSecret';

/**
 * Console page rendering and the session-carried state between a POST and the page it
 * redirects to: flash messages and a rotated secret, each read once and then removed.
 */
@Injectable()
export class ConsolePages {
  private readonly box: SecretBox;

  constructor(@Inject(APP_CONFIG) config: AppConfig, private readonly sessions: BrowserSessions) {
    this.box = new SecretBox(config.session.secret);
  }

  async render(req: HttpRequest, res: HttpReply, admin: ConsoleAdmin, view: string, model: Record<string, unknown>, status = 200): Promise<void> {
    const flash = await this.take(req, admin, FLASH);
    res.status(status).header('Cache-Control', 'no-store').view(`admin/${view}`, {
      ...model,
      admin: { username: admin.user.username, name: admin.user.display_name ?? admin.user.username },
      csrf: admin.session.csrfToken,
      flash,
      nav: { [view]: true },
    });
  }

  async flash(req: HttpRequest, admin: ConsoleAdmin, flash: Flash): Promise<void> {
    await this.put(req, admin, FLASH, flash);
  }

  async holdSecret(req: HttpRequest, admin: ConsoleAdmin, clientId: string, secret: string): Promise<void> {
    await this.put(req, admin, REVEAL, { clientId, sealed: this.box.seal(secret, `${admin.session.id}:${clientId}`) });
  }

  /** The secret rotated for `clientId` in this session, once; null afterwards. */
  async revealSecret(req: HttpRequest, admin: ConsoleAdmin, clientId: string): Promise<string | null> {
    const held = admin.session.data?.[REVEAL] as { clientId?: unknown; sealed?: unknown } | undefined;
    if (!held || held.clientId !== clientId) return null;
    await this.take(req, admin, REVEAL);
    return this.box.open(held.sealed, `${admin.session.id}:${clientId}`);
  }

  private async put(req: HttpRequest, admin: ConsoleAdmin, key: string, value: unknown): Promise<void> {
    const data = { ...(admin.session.data ?? {}), [key]: value };
    await this.sessions.updateData(req, admin.session, data);
    admin.session = { ...admin.session, data };
  }

  private async take(req: HttpRequest, admin: ConsoleAdmin, key: string): Promise<unknown> {
    const data = admin.session.data ?? {};
    if (!(key in data)) return null;
    const { [key]: value, ...rest } = data;
    await this.sessions.updateData(req, admin.session, rest);
    admin.session = { ...admin.session, data: rest };
    return value;
  }
}
