import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { InvalidClientError } from '@app/common';
import { AccessTokens } from '../store/access-tokens.repository';
import { RefreshTokens } from '../store/refresh-tokens.repository';
import { TokenResult } from '../token-result';
import { TokenGenerationRequest, TokenGenerator } from './token-generator';

/**
 * Mints tokens with the generator and stores their hashes in the caller's transaction; the
 * access token is inserted only while the channel is approved, in the same statement (a
 * suspension that raced the request wins: PRODUCT.md "Suspending revokes every token of the
 * channel"), so a refused one rolls the refresh token back with it.
 */
@Injectable()
export class TokenIssuer {
  constructor(
    private readonly generator: TokenGenerator,
    private readonly accessTokens: AccessTokens,
    private readonly refreshTokens: RefreshTokens,
  ) {}

  async issue(req: TokenGenerationRequest, manager: EntityManager, now = new Date()): Promise<TokenResult> {
    const { access, refresh } = await this.generator.generate(req, now);
    if (refresh) await this.refreshTokens.insert(refresh.row, manager);
    if (!(await this.accessTokens.insertIfClientApproved(access.row, manager))) {
      throw new InvalidClientError('Client is not approved');
    }
    return {
      accessToken: access.value,
      tokenType: 'Bearer',
      expiresIn: access.expiresIn,
      ...(refresh ? { refreshToken: refresh.value, refreshExpiresIn: refresh.expiresIn } : {}),
      scope: [...req.scopes],
      scopeRequested: req.scopeRequested ?? true,
      ...(req.userId ? { userId: req.userId } : {}),
      clientId: req.client.clientId,
      grantId: req.grantId,
    };
  }
}
