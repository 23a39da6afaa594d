import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig, HttpReply } from '@app/common';
import type { SignedIn } from '../sessions/browser-sessions.service';
import type { ValidatedAuthorization } from '../authorize/authorize-context';
import { ScopeDescriptions } from './scope-descriptions';

/**
 * The consent page (OAuth 2.1 §7.x consent phishing, checklist #40): it names the channel and
 * the developer who registered it, says in plain words what each scope allows, shows where
 * the browser goes next, and carries the transaction id and the CSRF token.
 */
@Injectable()
export class ConsentPage {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig, private readonly scopes: ScopeDescriptions) {}

  async render(res: HttpReply, auth: ValidatedAuthorization, signedIn: SignedIn, transactionId: string, granted: readonly string[]): Promise<void> {
    const lines = await this.scopes.describe(auth.scopes, granted);
    res.status(200).header('Cache-Control', 'no-store').view('consent', {
      title: `Allow ${auth.client.clientName}?`,
      platformName: this.config.server.platformName,
      client: { name: auth.client.clientName, owner: auth.client.ownerName, description: auth.client.description },
      user: { name: signedIn.user.display_name ?? signedIn.user.username, username: signedIn.user.username },
      scopes: lines,
      previouslyGranted: lines.some((l) => l.granted),
      redirectTarget: describeDestination(auth.redirectUri),
      transactionId,
      csrf: signedIn.session.csrfToken,
    });
  }
}

/** The origin the user will land on (or the app scheme of a native app). */
function describeDestination(redirectUri: string): string {
  try {
    const url = new URL(redirectUri);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.origin : redirectUri.split('?')[0];
  } catch {
    return redirectUri;
  }
}
