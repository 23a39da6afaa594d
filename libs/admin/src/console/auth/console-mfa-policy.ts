import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@app/common';
import { acrFor, SecondFactors } from '@app/accounts';
import type { SignedIn } from '@app/authorization';

export type ConsoleMfaVerdict = 'ok' | 'enrol' | 'sign-in-again';

/**
 * ADMIN_MFA=required: an operator reaches the console only with a second factor — one without
 * any sets it up first (/admin/security, the only console page open to them), one whose session
 * was signed in without it signs in again. ADMIN_MFA=optional (default): nothing is required.
 */
@Injectable()
export class ConsoleMfaPolicy {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig, private readonly factors: SecondFactors) {}

  async verdict(signedIn: SignedIn): Promise<ConsoleMfaVerdict> {
    if (this.config.adminMfa !== 'required') return 'ok';
    if (acrFor(signedIn.session.amr ?? []) === 'mfa') return 'ok';
    return (await this.factors.enrolled(signedIn.user.id)) ? 'sign-in-again' : 'enrol';
  }

  async satisfied(signedIn: SignedIn): Promise<boolean> {
    return (await this.verdict(signedIn)) === 'ok';
  }
}
