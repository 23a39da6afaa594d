import { BrowserSessions } from '../../../sessions/browser-sessions.service';
import { LoginRequests } from '../../../login-requests/login-requests.service';
import { parseMaxAge } from '../../checks/max-age.check';
import { SignInFacts } from '../sign-in-facts';
import type { SignInContext, SignInStep, StepOutcome } from '../sign-in-step';

const SCOPE_TOKEN = /^[\x21\x23-\x5B\x5D-\x7E]{1,64}$/;

/**
 * LOGIN_MODE=provider (PRODUCT.md "Delegated login"): instead of /login, a login request bound
 * to this browser's session is recorded and the browser goes to
 * `LOGIN_PROVIDER_URL?login_challenge=<opaque>`. Only the challenge travels in the URL;
 * prompt, max_age and login_hint reach the platform through GET /api/admin/login-requests/{challenge}.
 * A browser already signed in (and fresh enough for prompt/max_age) is not sent again.
 */
export class ProviderLoginStep implements SignInStep {
  readonly name = 'provider-login';

  constructor(
    private readonly providerUrl: string,
    private readonly facts: SignInFacts,
    private readonly sessions: BrowserSessions,
    private readonly requests: LoginRequests,
  ) {}

  async evaluate(ctx: SignInContext): Promise<StepOutcome> {
    const fresh = await this.facts.freshness(ctx);
    if (fresh.kind === 'fresh') return { kind: 'satisfied', signedIn: fresh.signedIn };
    return {
      kind: 'interact',
      reason: fresh.reason,
      send: async () => {
        if (fresh.markFreshLogin) await this.facts.markFreshLogin(ctx);
        const session = await this.sessions.ensure(ctx.req, ctx.res);
        const { request } = ctx;
        const challenge = await this.requests.create({
          sessionId: session.id,
          clientId: ctx.client.clientId,
          requestedScope: requestedScope(request.scope, request.scopeSeparator, ctx.client.scopes),
          returnTo: ctx.returnTo,
          target: ctx.target,
          prompt: request.prompt ? request.prompt.slice(0, 64) : null,
          maxAge: parseMaxAge(request.maxAge),
          loginHint: request.loginHint ? request.loginHint.slice(0, 255) : null,
        });
        const url = new URL(this.providerUrl);
        url.searchParams.set('login_challenge', challenge);
        ctx.res.header('Cache-Control', 'no-store').redirect(url.toString(), 302);
      },
    };
  }
}

/** What the app asked for, as scope tokens (the request checks judge it after the sign-in). */
function requestedScope(scope: string | undefined, separator: string | undefined, channelScopes: readonly string[]): string[] {
  if (scope === undefined) return [...channelScopes];
  const tokens = scope.split(separator ?? ' ').filter((s) => SCOPE_TOKEN.test(s));
  return [...new Set(tokens)].slice(0, 50);
}
