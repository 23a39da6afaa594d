import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@app/common';
import { acrFor, PairwiseSubject } from '@app/accounts';
import { ID_TOKEN_TTL_SECONDS } from '../keys/key-retention';
import { SigningKeys } from '../keys/signing-keys.service';
import { accessTokenHash } from './token-hash';

export interface IdTokenInput {
  clientId: string;
  userId: string;
  /** When the user authenticated (the session's login); omitted when unknown. */
  authTime: Date | null;
  /** RFC 8176 methods of that login; null = a password login recorded before amr was; [] = not known (no claim). */
  amr?: string[] | null;
  nonce: string | null;
  /** The access token issued beside it (at_hash). */
  accessToken: string;
}

/** Logins recorded before amr was kept were all password checks (RFC 8176 "pwd"). */
const LEGACY_AMR = ['pwd'];

/**
 * OIDC Core §2 / §3.1.3.6 ID Token: iss, sub (the user's pairwise openid for this client,
 * §8.1), aud = client_id, exp, iat, auth_time, nonce when the request sent one, amr and the acr
 * derived from it (`pwd` or `mfa`, acrFor), at_hash;
 * signed with the current key (RS256 by default).
 */
@Injectable()
export class IdTokens {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly keys: SigningKeys,
    private readonly pairwise: PairwiseSubject,
  ) {}

  async issue(input: IdTokenInput, now = new Date()): Promise<string> {
    const iat = Math.floor(now.getTime() / 1000);
    const sub = await this.pairwise.openidFor(input.userId, input.clientId);
    return this.keys.sign((alg) => ({
      iss: this.config.server.issuer,
      sub,
      aud: input.clientId,
      exp: iat + ID_TOKEN_TTL_SECONDS,
      iat,
      ...(input.authTime ? { auth_time: Math.floor(input.authTime.getTime() / 1000) } : {}),
      ...(input.authTime && amrOf(input).length ? { amr: amrOf(input), acr: acrFor(amrOf(input)) } : {}),
      ...(input.nonce ? { nonce: input.nonce } : {}),
      at_hash: accessTokenHash(input.accessToken, alg),
    }), 'JWT');
  }
}

function amrOf(input: IdTokenInput): string[] {
  return input.amr ?? LEGACY_AMR;
}
