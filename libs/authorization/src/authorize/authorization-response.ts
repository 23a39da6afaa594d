import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig, buildRedirectUrl, RedirectTarget } from '@app/common';
import { AuthorizationCodes } from '../codes/authorization-codes.service';
import type { ValidatedAuthorization } from './authorize-context';

/**
 * RFC 6749 §4.1.2 (success), §4.1.2.1 (errors), RFC 9207 (`iss` on every response):
 * - success: redirect_uri?code=…&state=…&iss=… (plus the dialect's extra parameters);
 * - denial: redirect_uri?error=access_denied&state=…&iss=… (a dialect may drop error and iss);
 * - the target that lets the browser filter redirect any later error to the verified URI.
 * The code lives the dialect's lifetime, else the channel's code_ttl, else CODE_TTL.
 */
@Injectable()
export class AuthorizationResponses {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig, private readonly codes: AuthorizationCodes) {}

  async approve(auth: ValidatedAuthorization, userId: string, authTime: Date | null): Promise<string> {
    const code = await this.codes.issue({
      clientId: auth.client.clientId,
      userId,
      redirectUri: auth.redirectUri,
      redirectUriProvided: auth.redirectUriProvided,
      scopes: auth.scopes,
      scopeRequested: auth.scopeRequested ?? true,
      codeChallenge: auth.codeChallenge,
      codeChallengeMethod: auth.codeChallenge ? 'S256' : null,
      nonce: auth.nonce ?? null,
      authTime,
      ttlSeconds: auth.profile.codeTtlSeconds ?? auth.client.codeTtl ?? this.config.tokens.codeTtl,
    });
    return buildRedirectUrl(auth.redirectUri, {
      ...auth.profile.extraRedirectParams,
      code,
      state: auth.state,
      iss: this.config.server.issuer,
    });
  }

  denial(auth: Pick<ValidatedAuthorization, 'redirectUri' | 'state' | 'profile'>): string {
    const { denial, extraRedirectParams } = auth.profile;
    return buildRedirectUrl(auth.redirectUri, {
      ...extraRedirectParams,
      error: denial.error ? 'access_denied' : undefined,
      state: auth.state,
      iss: denial.iss ? this.config.server.issuer : undefined,
    });
  }

  target(auth: Pick<ValidatedAuthorization, 'redirectUri' | 'state' | 'profile'>): RedirectTarget {
    return { redirectUri: auth.redirectUri, state: auth.state, iss: this.config.server.issuer, extra: auth.profile.extraRedirectParams };
  }
}
