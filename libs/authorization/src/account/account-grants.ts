import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig, clientIp, HttpReply, HttpRequest } from '@app/common';
import { ClientRegistry } from '@app/clients';
import { loginUrl } from '../authorize/return-url';
import { ScopeDescriptions } from '../consent/scope-descriptions';
import { Consents } from '../consents/consents.service';
import { BrowserSessions } from '../sessions/browser-sessions.service';

export const GRANTS_PATH = '/account/grants';

/**
 * "Users can list granted apps and revoke them" (OAuth 2.1 consent, checklist #40): the
 * channels this user allowed, with their scopes and date; revoking removes the consent and the
 * channel's tokens for this user in one transaction (Consents.revoke → ConsentEvents).
 */
@Injectable()
export class AccountGrants {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly sessions: BrowserSessions,
    private readonly consents: Consents,
    private readonly registry: ClientRegistry,
    private readonly scopes: ScopeDescriptions,
  ) {}

  async show(req: HttpRequest, res: HttpReply): Promise<void> {
    const signedIn = await this.sessions.signedIn(req);
    if (!signedIn) {
      res.redirect(loginUrl(GRANTS_PATH), 302);
      return;
    }
    const grants = await Promise.all((await this.consents.listForUser(signedIn.user.id)).map(async (g) => {
      const client = await this.registry.findByClientId(g.clientId);
      return {
        clientId: g.clientId,
        name: client?.clientName ?? 'An application that no longer exists',
        owner: client?.ownerName ?? null,
        scopes: await this.scopes.describe(g.scopes),
        grantedAt: g.grantedAt.toISOString(),
        grantedOn: g.grantedAt.toISOString().slice(0, 10),
      };
    }));
    res.status(200).header('Cache-Control', 'no-store').view('account-grants', {
      title: 'Applications you allowed',
      platformName: this.config.server.platformName,
      user: { name: signedIn.user.display_name ?? signedIn.user.username, username: signedIn.user.username },
      grants,
      revoked: (req.query as Record<string, unknown>).revoked === '1',
      csrf: signedIn.session.csrfToken,
    });
  }

  async revoke(req: HttpRequest, res: HttpReply): Promise<void> {
    const form = (req.body ?? {}) as Record<string, unknown>;
    await this.sessions.verifiedPost(req, form._csrf);
    const signedIn = await this.sessions.signedIn(req);
    if (!signedIn) {
      res.redirect(loginUrl(GRANTS_PATH), 302);
      return;
    }
    const clientId = typeof form.client_id === 'string' && form.client_id.length <= 64 ? form.client_id : '';
    const removed = clientId
      ? await this.consents.revoke(signedIn.user.id, clientId, { actor: `user:${signedIn.user.id}`, ip: clientIp(req) })
      : false;
    res.header('Cache-Control', 'no-store').redirect(removed ? `${GRANTS_PATH}?revoked=1` : GRANTS_PATH, 302);
  }
}
