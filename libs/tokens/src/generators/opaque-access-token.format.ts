import { Injectable } from '@nestjs/common';
import { randomToken, TOKEN_PREFIXES } from '@app/common';
import { AccessTokenClaims, AccessTokenFormat } from './access-token-format';

/**
 * Opaque bearer tokens (OAuth 2.1 §7.x credentials guessing: ≥ 128 bits, target 160+):
 * 256 CSPRNG bits, base64url, behind "gha_" so secret scanners recognise a leaked one.
 * The value carries nothing; the claims live in the access_tokens row.
 */
@Injectable()
export class OpaqueAccessTokenFormat implements AccessTokenFormat {
  readonly format = 'opaque';

  encode(_claims: AccessTokenClaims): string {
    return randomToken(TOKEN_PREFIXES.accessToken);
  }
}
