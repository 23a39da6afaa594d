import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { ClientEntity } from '@app/persistence';
import { Client, toClient } from './client.model';

/**
 * Channel lookups for the hot paths (authorize, every token request). Entries live
 * CLIENT_CACHE_TTL_MS: a change made on this instance (status, secret, redirect URIs)
 * invalidates at once; other instances see it within that bound. Token revocation never
 * relies on this cache: suspending a channel revokes its tokens in the database.
 */
export const CLIENT_CACHE_TTL_MS = 5_000;

interface Entry {
  client: Client | null;
  secretHash: string | null;
  expires: number;
}

@Injectable()
export class ClientRegistry {
  private readonly cache = new Map<string, Entry>();

  constructor(@InjectRepository(ClientEntity) private readonly clients: Repository<ClientEntity>) {}

  async findByClientId(clientId: string): Promise<Client | null> {
    return (await this.entry(clientId)).client;
  }

  /** The client and its secret hash (for ClientAuthenticator only; not exported from the lib). */
  async entry(clientId: string): Promise<Entry> {
    if (typeof clientId !== 'string' || clientId.length === 0 || clientId.length > 64) {
      return { client: null, secretHash: null, expires: 0 };
    }
    const now = Date.now();
    const hit = this.cache.get(clientId);
    if (hit && hit.expires > now) return hit;
    const found = await this.clients.findOneBy({ clientId });
    // MySQL's collation ignores case and trailing spaces; a client_id matches only byte for byte.
    const entity = found && found.clientId === clientId ? found : null;
    const entry = { client: entity ? toClient(entity) : null, secretHash: entity?.secretHash ?? null, expires: now + CLIENT_CACHE_TTL_MS };
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(clientId, entry);
    return entry;
  }

  invalidate(clientId: string): void {
    this.cache.delete(clientId);
  }
}
