import { Injectable } from '@nestjs/common';
import type { ImportOutcome } from '@app/accounts';
import { ClientImport, ImportedClient } from '@app/clients';
import { ImportHandler, LineContext, MAX_KNOWN_CHANNELS } from '../import-handler';

/**
 * `{"type":"channel","client_id","client_secret"|"client_secret_sha256","client_name",
 * "redirect_uris","scope","status","grant_types","token_endpoint_auth_method",
 * "access_token_ttl","refresh_token_ttl","sop_public_key"}`.
 */
@Injectable()
export class ChannelLineHandler implements ImportHandler<ImportedClient> {
  readonly type = 'channel';
  readonly counter = 'channels' as const;
  readonly fields = ['client_id', 'client_secret', 'client_secret_sha256', 'client_name', 'redirect_uris', 'scope', 'status', 'grant_types',
    'token_endpoint_auth_method', 'access_token_ttl', 'refresh_token_ttl', 'sop_public_key'];

  constructor(private readonly clients: ClientImport) {}

  check(line: Record<string, unknown>): ImportedClient {
    return this.clients.check(line);
  }

  async apply(client: ImportedClient, ctx: LineContext): Promise<ImportOutcome> {
    const outcome = await this.clients.apply(client, ctx.m, ctx.run.actor);
    if (ctx.run.channelScopes.size < MAX_KNOWN_CHANNELS || ctx.run.channelScopes.has(client.clientId)) ctx.run.channelScopes.set(client.clientId, client.scopes);
    return outcome;
  }
}
