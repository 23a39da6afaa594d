import { Transactions } from '@app/persistence';
import { Injectable } from '@nestjs/common';
import type { Client } from '@app/clients';
import { AuditLog } from '@app/persistence';
import { AccessTokens } from '../store/access-tokens.repository';
import { TokenLookup } from '../store/token-lookup';
import { TokenRevoker } from '../store/token-revoker';

/**
 * RFC 7009 §2.1-2.2 token revocation (#35).
 * - only the client a token was issued to can revoke it; anything else (unknown, already
 *   revoked, another client's token) succeeds silently and changes nothing;
 * - a refresh token takes its whole grant with it: every access token of the grant and the
 *   other refresh tokens of the family (RFC 7009 §2.1 SHOULD, RFC 9700 §4.14.2);
 * - an access token is revoked alone.
 */
@Injectable()
export class RevocationService {
  constructor(
    private readonly lookup: TokenLookup,
    private readonly accessTokens: AccessTokens,
    private readonly revoker: TokenRevoker,
    private readonly transactions: Transactions,
    private readonly audit: AuditLog,
  ) {}

  async revoke(caller: Client, token: string, hint: string | undefined, ip?: string | null): Promise<void> {
    const found = await this.lookup.find(token, hint);
    if (!found || found.row.clientId !== caller.clientId || found.row.revokedAt) return;
    const now = new Date();
    if (found.kind === 'access_token') {
      // One conditional UPDATE, queued like any write (on SQLite never inside another request's transaction).
      await this.transactions.statement((m) => this.accessTokens.revokeById(found.row.id, now, m));
      return;
    }
    const grantId = found.row.grantId;
    await this.transactions.run(async (m) => {
      await this.revoker.revokeFamily(grantId, m, now);
      await this.audit.record({ actor: `client:${caller.clientId}`, ip }, {
        action: 'token.revoked', targetType: 'grant', targetId: grantId, reason: 'refresh token revoked by the client (RFC 7009)',
      }, m);
    });
  }
}
