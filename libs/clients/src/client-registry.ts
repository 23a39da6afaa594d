import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { ChangeFeed, ClientEntity, CoherentCache } from '@app/persistence';
import { Client, toClient } from './client.model';

interface Entry {
  client: Client | null;
  secretHash: string | null;
}

const NONE: Entry = { client: null, secretHash: null };

/**
 * Channel lookups for the hot paths (authorize, every token request), through a cache that the
 * change feed keeps coherent: every change to a channel (status, secret, redirect URIs, settings)
 * is published with `changed()` inside its transaction, so this instance evicts at once and the
 * others when they read the feed (about CHANGE_FEED_POLL_MS), and never later than CACHE_MS.
 * Token revocation never relies on this cache: suspending a channel revokes its tokens in the
 * database.
 */
@Injectable()
export class ClientRegistry {
  private readonly cache: CoherentCache<Entry>;

  constructor(
    @InjectRepository(ClientEntity) private readonly clients: Repository<ClientEntity>,
    private readonly feed: ChangeFeed,
  ) {
    this.cache = feed.cache<Entry>('client');
  }

  async findByClientId(clientId: string): Promise<Client | null> {
    return (await this.entry(clientId)).client;
  }

  /** The client and its secret hash (for ClientAuthenticator only; not exported from the lib). */
  async entry(clientId: string): Promise<Entry> {
    if (typeof clientId !== 'string' || clientId.length === 0 || clientId.length > 64) return NONE;
    const hit = this.cache.get(clientId);
    if (hit) return hit;
    const stamp = this.cache.stamp();
    const found = await this.clients.findOneBy({ clientId });
    // MySQL's collation ignores case and trailing spaces; a client_id matches only byte for byte.
    const entity = found && found.clientId === clientId ? found : null;
    const entry = entity ? { client: toClient(entity), secretHash: entity.secretHash ?? null } : NONE;
    this.cache.set(clientId, entry, stamp);
    return entry;
  }

  /** Announces a change to a channel; call it inside the transaction that makes the change. */
  changed(manager: EntityManager, clientId: string): Promise<void> {
    return this.feed.publish(manager, 'client', clientId);
  }
}
