import { ValidationError } from '@app/common';
import { isUserId, UserImport } from '@app/accounts';
import { ClientImport, IMPORTED_CLIENT_ID } from '@app/clients';
import { LineContext, MAX_KNOWN_CHANNELS } from '../import-handler';

/**
 * The user and channel a line refers to: both must exist (in the database or, in a dry run, earlier
 * in the file). A channel's scopes are remembered for the run: channels change only through the
 * import's own lines while it runs, or through an operator, whose change the next run sees.
 */
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

  /** `user` for the users of several lines (one read). */
  async everyUser(userIds: readonly string[], ctx: LineContext): Promise<void> {
    const unknown = userIds.filter((id) => !ctx.run.createdUsers.has(id));
    const found = await this.users.existing(unknown, ctx.m);
    const missing = unknown.find((id) => !found.has(id));
    if (missing !== undefined) throw new ValidationError('user_id', `no user ${missing} (import its user line first)`);
  }

  /** The channel's scopes. */
  async channel(clientId: string, ctx: LineContext): Promise<readonly string[]> {
    const known = ctx.run.channelScopes.get(clientId);
    if (known) return known;
    const scopes = await this.clients.scopesOf(clientId, ctx.m);
    if (!scopes) throw new ValidationError('client_id', `no channel ${clientId} (import its channel line first)`);
    if (ctx.run.channelScopes.size < MAX_KNOWN_CHANNELS) ctx.run.channelScopes.set(clientId, scopes);
    return scopes;
  }
}
