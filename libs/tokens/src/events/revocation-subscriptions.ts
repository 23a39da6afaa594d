import { Transactions } from '@app/persistence';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { AccountEvents } from '@app/accounts';
import { ConsentEvents } from '@app/authorization';
import { ClientEvents } from '@app/clients';
import { TokenRevoker } from '../store/token-revoker';

/**
 * Revocation on events of the other libs (RFC 9700 §4.14.2, PRODUCT.md lifecycle):
 * - a suspended channel loses every token, in the transaction that suspends it;
 * - a password change or a disabled account loses every refresh and access token (#34);
 * - a removed grant (consent) loses every token of that user for that channel, in the
 *   transaction that removes it.
 */
@Injectable()
export class RevocationSubscriptions implements OnModuleInit {
  constructor(
    private readonly clients: ClientEvents,
    private readonly accounts: AccountEvents,
    private readonly consents: ConsentEvents,
    private readonly revoker: TokenRevoker,
    private readonly transactions: Transactions,
  ) {}

  onModuleInit(): void {
    this.clients.onSuspended((clientId, m) => this.revoker.revokeForClient(clientId, m));
    this.accounts.onCredentialsChanged((userId) => this.transactions.run((m) => this.revoker.revokeForUser(userId, m)));
    this.consents.onRevoked((userId, clientId, m) => this.revoker.revokeForUserAndClient(userId, clientId, m));
  }
}
