import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AccessTokens } from '../store/access-tokens.repository';
import { RefreshTokens } from '../store/refresh-tokens.repository';
import { TokenResult } from '../token-result';
import { TokenGenerationRequest, TokenGenerator } from './token-generator';

/** Mints tokens with the generator and stores their hashes in the caller's transaction. */
@Injectable()
export class TokenIssuer {
  constructor(
    private readonly generator: TokenGenerator,
    private readonly accessTokens: AccessTokens,
    private readonly refreshTokens: RefreshTokens,
  ) {}

  async issue(req: TokenGenerationRequest, manager: EntityManager, now = new Date()): Promise<TokenResult> {
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
