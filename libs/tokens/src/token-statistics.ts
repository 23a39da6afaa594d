import { Injectable } from '@nestjs/common';
import { AccessTokens } from './store/access-tokens.repository';

/** Counts for the admin dashboard ("tokens issued today"), without exposing the tables. */
@Injectable()
export class TokenStatistics {
  constructor(private readonly accessTokens: AccessTokens) {}

  accessTokensIssuedSince(since: Date): Promise<number> {
    return this.accessTokens.countIssuedSince(since);
  }
}
