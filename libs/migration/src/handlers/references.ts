import { ValidationError } from '@app/common';
import { isUserId, UserImport } from '@app/accounts';
import { ClientImport, IMPORTED_CLIENT_ID } from '@app/clients';
import type { LineContext } from '../import-handler';

/** The user and channel a line refers to: both must exist (in the database or, in a dry run, earlier in the file). */
export class References {
  constructor(private readonly users: UserImport, private readonly clients: ClientImport) {}

  static checkIds(line: Record<string, unknown>): { userId: string; clientId: string } {
    if (!isUserId(line.user_id)) throw new ValidationError('user_id', 'must be 1-64 printable characters without leading or trailing spaces');
    if (typeof line.client_id !== 'string' || !IMPORTED_CLIENT_ID.test(line.client_id)) {
      throw new ValidationError('client_id', 'must be 1-64 characters of letters, digits, ".", "_" or "-"');
    }
    return { userId: line.user_id, clientId: line.client_id };
  }

  async user(userId: string, ctx: LineContext): Promise<void> {
    if (ctx.run.createdUsers.has(userId) || (await this.users.exists(userId, ctx.m))) return;
    throw new ValidationError('user_id', `no user ${userId} (import its user line first)`);
  }

  /** The channel's scopes. */
  async channel(clientId: string, ctx: LineContext): Promise<readonly string[]> {
    const planned = ctx.run.createdClients.get(clientId);
    if (planned) return planned;
    const scopes = await this.clients.scopesOf(clientId, ctx.m);
    if (!scopes) throw new ValidationError('client_id', `no channel ${clientId} (import its channel line first)`);
    return scopes;
  }
}
