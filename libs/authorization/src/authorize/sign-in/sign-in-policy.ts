import { Inject, Injectable } from '@nestjs/common';
import { LoginRequiredError } from '@app/common';
import type { SignedIn } from '../../sessions/browser-sessions.service';
import { SIGN_IN_STEPS, SignInContext, SignInStep } from './sign-in-step';

/**
 * Walks the sign-in steps in order; the first one not satisfied decides (a page, a redirect to
 * the platform). OIDC Core §3.1.2.1 prompt=none never shows anything: a step that would
 * interact becomes login_required here, in this one place.
 */
@Injectable()
export class SignInPolicy {
  constructor(@Inject(SIGN_IN_STEPS) private readonly steps: readonly SignInStep[]) {}

  /** The signed-in user once every step is satisfied; null once the browser was sent somewhere. */
  async run(ctx: SignInContext): Promise<SignedIn | null> {
    let signedIn: SignedIn | null = null;
    for (const step of this.steps) {
      const outcome = await step.evaluate(ctx);
      if (outcome.kind === 'satisfied') {
        signedIn = outcome.signedIn;
        continue;
      }
      if (outcome.kind === 'failed') throw outcome.error;
      if (ctx.request.prompt === 'none') throw new LoginRequiredError(outcome.reason);
      await outcome.send();
      return null;
    }
    if (!signedIn) throw new Error('no sign-in step established who the user is');
    return signedIn;
  }
}
