import { Injectable } from '@nestjs/common';
import { loginUrl } from '../../return-url';
import { SignInFacts } from '../sign-in-facts';
import type { SignInContext, SignInStep, StepOutcome } from '../sign-in-step';

/** LOGIN_MODE=local and verify: Gatehouse's own login page (/login) signs the user in. */
@Injectable()
export class SessionLoginStep implements SignInStep {
  readonly name = 'login';

  constructor(private readonly facts: SignInFacts) {}

  async evaluate(ctx: SignInContext): Promise<StepOutcome> {
    const fresh = await this.facts.freshness(ctx);
    if (fresh.kind === 'fresh') return { kind: 'satisfied', signedIn: fresh.signedIn };
    return {
      kind: 'interact',
      reason: fresh.reason,
      send: async () => {
        if (fresh.markFreshLogin) await this.facts.markFreshLogin(ctx);
        ctx.res.header('Cache-Control', 'no-store').redirect(loginUrl(ctx.returnTo), 302);
      },
    };
  }
}
