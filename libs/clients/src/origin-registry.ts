import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { ChangeFeed, ClientEntity, CoherentCache } from '@app/persistence';
import { effectiveOrigins } from './allowed-origins';

/**
 * Answers a CORS preflight's question "may this origin call us at all?" before any client is
 * known: true when the origin is allowed for at least one approved channel (its
 * allowed_origins, or by default a public client's redirect URI origins). The actual response
 * is then allowed only for the client that authenticates (or the token's client). Answers are
 * cached like channels — within CACHE_MS, and forgotten whenever any channel changes (the change
 * feed's `client` topic: a change to one channel may change the answer for any origin) — so a
 * flood of preflights costs one query per origin and interval.
 */
@Injectable()
export class OriginRegistry {
  private readonly cache: CoherentCache<boolean>;

  constructor(@InjectRepository(ClientEntity) private readonly clients: Repository<ClientEntity>, feed: ChangeFeed) {
    this.cache = feed.cache<boolean>('client', { wholeTopic: true });
  }

  async allowedForAnyChannel(origin: string | undefined): Promise<boolean> {
    if (typeof origin !== 'string' || origin.length === 0 || origin.length > 200) return false;
    const hit = this.cache.get(origin);
    if (hit !== undefined) return hit;
    const stamp = this.cache.stamp();
    const allowed = await this.lookup(origin);
    this.cache.set(origin, allowed, stamp);
    return allowed;
  }

  private async lookup(origin: string): Promise<boolean> {
    // A LIKE over the JSON text narrows the rows; the exact comparison is done below.
    const quoted = likeText(JSON.stringify(origin).slice(0, -1));
    const rows = await this.clients.createQueryBuilder('c')
      .select(['c.allowedOrigins', 'c.redirectUris', 'c.tokenEndpointAuthMethod'])
      .where("c.status = 'approved'")
      .andWhere(`(c.allowed_origins LIKE :p ESCAPE '!' OR (c.allowed_origins IS NULL AND c.token_endpoint_auth_method = 'none' AND c.redirect_uris LIKE :p ESCAPE '!'))`, { p: `%${quoted}%` })
      .limit(50)
      .getMany();
    return rows.some((r) => effectiveOrigins(r.allowedOrigins, r.redirectUris, r.tokenEndpointAuthMethod === 'none').includes(origin));
  }

}

function likeText(text: string): string {
  return text.replace(/[!%_]/g, '!$&');
}
