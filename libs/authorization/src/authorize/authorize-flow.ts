import { Injectable } from '@nestjs/common';
import { attachRedirectTarget, HttpReply, HttpRequest } from '@app/common';
import { ClientRegistry, ScopesService } from '@app/clients';
import { AuthorizeContext, validated } from './authorize-context';
import type { AuthorizeRequest } from './authorize-request';
import { AuthorizationResponses } from './authorization-response';
import { CLIENT_CHECKS, REQUEST_CHECKS, runChecks } from './checks';
import { MAX_STATE_LENGTH } from './checks/state.check';
import { ConsentStep } from './consent-step';
import { DialectProfile, STANDARD_PROFILE } from './dialect-profile';
import { authorizeReturnUrl } from './return-url';
import { SignInPolicy } from './sign-in/sign-in-policy';

/**
 * The authorization endpoint (RFC 6749 §4.1.1-§4.1.2.1, RFC 9700 §2.1/§4.11, RFC 9207), shared
 * by the standard route and every seed dialect:
 * 1. client and redirect_uri (CLIENT_CHECKS): errors on the error page, never redirected;
 * 2. the user is signed in: the sign-in steps (SignInPolicy) send the browser to the login page
 *    or the platform's sign-in (prompt=none: login_required);
 * 3. the rest of the request (REQUEST_CHECKS): errors redirect to the verified redirect_uri
 *    with error, error_description, state and iss;
 * 4. remembered consent issues the code, else the consent page.
 */
@Injectable()
export class AuthorizeFlow {
  constructor(
    private readonly registry: ClientRegistry,
    private readonly scopes: ScopesService,
    private readonly signIn: SignInPolicy,
    private readonly consent: ConsentStep,
    private readonly responses: AuthorizationResponses,
  ) {}

  async start(req: HttpRequest, res: HttpReply, request: AuthorizeRequest, profile: DialectProfile = STANDARD_PROFILE): Promise<void> {
    const foundClient = request.clientId ? await this.registry.findByClientId(request.clientId) : null;
    const ctx: AuthorizeContext = { request, profile, foundClient };
    runChecks(CLIENT_CHECKS, ctx);
    const verified = {
      redirectUri: ctx.redirectUri as string,
      // An over-long state is refused by checkState and not echoed back.
      state: request.state !== undefined && request.state.length <= MAX_STATE_LENGTH ? request.state : undefined,
      profile,
    };
    const target = this.responses.target(verified);
    try {
      const signedIn = await this.signIn.run({
        req, res, request, returnTo: authorizeReturnUrl(req, profile), client: ctx.client!, target: verified,
      });
      if (!signedIn) return;
      ctx.knownScopes = await this.scopes.known();
      runChecks(REQUEST_CHECKS, ctx);
      await this.consent.decide(res, validated(ctx), signedIn);
    } catch (err) {
      throw err instanceof Error ? attachRedirectTarget(err, target) : err;
    }
  }
}
