import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { ClientEntity } from '@app/persistence';
import { effectiveOrigins } from './allowed-origins';
import { CLIENT_CACHE_TTL_MS } from './client-registry';

/**
 * Answers a CORS preflight's question "may this origin call us at all?" before any client is
 * known: true when the origin is allowed for at least one approved channel (its
 * allowed_origins, or by default a public client's redirect URI origins). The actual response
 * is then allowed only for the client that authenticates (or the token's client). Answers are
 * cached like channels (CLIENT_CACHE_TTL_MS), so a flood of preflights costs one query per
 * origin and interval.
 */
@Injectable()
export class OriginRegistry {
  private readonly cache = new Map<string, { allowed: boolean; expires: number }>();

  constructor(@InjectRepository(ClientEntity) private readonly clients: Repository<ClientEntity>) {}

  async allowedForAnyChannel(origin: string | undefined): Promise<boolean> {
    if (typeof origin !== 'string' || origin.length === 0 || origin.length > 200) return false;
    const now = Date.now();
    const hit = this.cache.get(origin);
    if (hit && hit.expires > now) return hit.allowed;
    const allowed = await this.lookup(origin);
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(origin, { allowed, expires: now + CLIENT_CACHE_TTL_MS });
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

  invalidate(): void {
    this.cache.clear();
  }
}

function likeText(text: string): string {
  return text.replace(/[!%_]/g, '!$&');
}
