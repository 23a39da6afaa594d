import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { InvalidClientError } from '@app/common';
import { ClientLifecycle } from '@app/clients';
import { AccessTokens } from '../store/access-tokens.repository';
import { RefreshTokens } from '../store/refresh-tokens.repository';
import { TokenResult } from '../token-result';
import { TokenGenerationRequest, TokenGenerator } from './token-generator';

/**
 * Mints tokens with the generator and stores their hashes in the caller's transaction, after
 * checking in that same transaction that the channel is still approved (a suspension that
 * raced the request wins: PRODUCT.md "Suspending revokes every token of the channel").
 */
@Injectable()
export class TokenIssuer {
  constructor(
    private readonly generator: TokenGenerator,
    private readonly accessTokens: AccessTokens,
    private readonly refreshTokens: RefreshTokens,
    private readonly lifecycle: ClientLifecycle,
  ) {}

  async issue(req: TokenGenerationRequest, manager: EntityManager, now = new Date()): Promise<TokenResult> {
    if (!(await this.lifecycle.isApprovedNow(req.client.clientId, manager))) {
      throw new InvalidClientError('Client is not approved');
    }
    const { access, refresh } = this.generator.generate(req, now);
    if (refresh) await this.refreshTokens.insert(refresh.row, manager);
    await this.accessTokens.insert(access.row, manager);
    return {
      accessToken: access.value,
      tokenType: 'Bearer',
      expiresIn: access.expiresIn,
      ...(refresh ? { refreshToken: refresh.value, refreshExpiresIn: refresh.expiresIn } : {}),
      scope: [...req.scopes],
      ...(req.userId ? { userId: req.userId } : {}),
      clientId: req.client.clientId,
      grantId: req.grantId,
    };
  }
}
