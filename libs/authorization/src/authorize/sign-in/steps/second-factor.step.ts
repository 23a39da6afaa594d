import { Injectable } from '@nestjs/common';
import { SecondFactors, satisfiesAcrValues } from '@app/accounts';
import { BrowserSessions } from '../../../sessions/browser-sessions.service';
import { SignInCompletion } from '../../../login/second-factor/sign-in-completion';
import type { SignInContext, SignInStep, StepOutcome } from '../sign-in-step';

/**
 * Step-up (OIDC Core §3.1.2.1 acr_values): a request asking for `mfa` from a session signed in
 * with the password alone sends a user who has a second factor to the second step, and comes back
 * here once it is done. A user without one goes on at the level they have: the ID Token's `acr`
 * says `pwd`, and a client that needs `mfa` must check it (the request can be edited in the URL).
 * After a login on Gatehouse's page a user with a second factor is already at `mfa`.
 */
@Injectable()
export class SecondFactorStep implements SignInStep {
  readonly name = 'second-factor';

  constructor(private readonly sessions: BrowserSessions, private readonly factors: SecondFactors, private readonly completion: SignInCompletion) {}

  async evaluate(ctx: SignInContext): Promise<StepOutcome> {
    const signedIn = await this.sessions.signedIn(ctx.req);
    if (!signedIn) throw new Error('the second-factor step runs after a login step');
    const amr = signedIn.session.amr ?? ['pwd'];
    if (satisfiesAcrValues(amr, ctx.request.acrValues) || !(await this.factors.enrolled(signedIn.user.id))) {
      return { kind: 'satisfied', signedIn };
    }
    return {
      kind: 'interact',
      reason: 'The request asks for a second factor',
      send: () => this.completion.askSecondFactor(ctx.req, ctx.res, {
        userId: signedIn.user.id, amr, returnTo: ctx.returnTo, stepUp: true, at: new Date().toISOString(),
      }),
    };
  }
}
