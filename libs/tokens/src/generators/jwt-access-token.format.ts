import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@app/common';
import { PairwiseSubject } from '@app/accounts';
import { SigningKeys } from '../keys/signing-keys.service';
import { AccessTokenClaims, AccessTokenFormat } from './access-token-format';

const seconds = (d: Date) => Math.floor(d.getTime() / 1000);

/**
 * RFC 9068 JWT access tokens, for channels with token_format "jwt":
 * - header typ "at+jwt" (§2.1), signed with the current key (kid, alg from the JWKS);
 * - iss, sub, aud, exp, iat, jti, client_id, scope (§2.2), auth_time when known (§2.2.1);
 * - sub is the user's pairwise openid for the channel, or "client:<client_id>" for
 *   client_credentials, so a client's sub can never collide with a user's (#39);
 * - jti is the access_tokens row id, and the row holds the JWT's SHA-256 like any token, so
 *   the server's own checks stay one indexed read and a JWT access token is revocable.
 */
@Injectable()
export class JwtAccessTokenFormat implements AccessTokenFormat {
  readonly format = 'jwt';

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly keys: SigningKeys,
    private readonly pairwise: PairwiseSubject,
  ) {}

  async encode(claims: AccessTokenClaims): Promise<string> {
    const sub = claims.userId ? await this.pairwise.openidFor(claims.userId, claims.clientId) : `client:${claims.clientId}`;
    return this.keys.sign({
      iss: this.config.server.issuer,
      sub,
      aud: claims.audience,
      client_id: claims.clientId,
      scope: claims.scopes.join(' '),
      jti: claims.tokenId,
      iat: seconds(claims.issuedAt),
      ...(claims.expiresAt ? { exp: seconds(claims.expiresAt) } : {}),
      ...(claims.authTime ? { auth_time: seconds(claims.authTime) } : {}),
    }, 'at+jwt');
  }
}
