import { randomBytes, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { hmacBase64Url } from '@app/common';
import { KeyEntity } from '@app/persistence';
import { SubjectOverrides } from './subject-overrides';

/** How long a subject read here may lag an openid imported by another process (ms). */
export const SUBJECT_CACHE_TTL_MS = 5_000;

/**
 * The `openid` of PRODUCT.md (OIDC Core §8.1 pairwise subject): HMAC-SHA256 of
 * (client_id, user_id) under a server secret kept in server_keys. Stable for one user and one
 * channel, different across channels, and not reversible without the secret — unless the pair has
 * an imported openid (SubjectOverrides), which is then the subject.
 */
@Injectable()
export class PairwiseSubject {
  private key?: Promise<Buffer>;
  /** Subjects already computed (a pure function of the pair and the secret): the resource API asks on every call. */
  private readonly known = new Map<string, { subject: string; expires: number }>();

  constructor(
    @InjectRepository(KeyEntity) private readonly keys: Repository<KeyEntity>,
    private readonly overrides: SubjectOverrides,
  ) {}

  async openidFor(userId: string, clientId: string): Promise<string> {
    const pair = `${clientId}\u0000${userId}`;
    const now = Date.now();
    const known = this.known.get(pair);
    if (known && known.expires > now) return known.subject;
    const subject = (await this.overrides.find(userId, clientId)) ?? hmacBase64Url(await this.loadKey(), pair).slice(0, 32);
    if (this.known.size >= 10_000) this.known.clear();
    this.known.set(pair, { subject, expires: now + SUBJECT_CACHE_TTL_MS });
    return subject;
  }

  /** An openid of the pair was imported on this instance: the next call reads it. */
  forget(userId: string, clientId: string): void {
    this.known.delete(`${clientId}\u0000${userId}`);
  }

  private loadKey(): Promise<Buffer> {
    this.key ??= this.readOrCreate().catch((err) => {
      this.key = undefined;
      throw err;
    });
    return this.key;
  }

  private async readOrCreate(): Promise<Buffer> {
    const find = () => this.keys.findOne({ where: { kind: 'pairwise', status: 'active' }, order: { createdAt: 'ASC' } });
    let row = await find();
    if (!row) {
      try {
        await this.keys.insert({
          id: randomUUID(), kind: 'pairwise', alg: 'HS256', kid: null, publicMaterial: null,
          privateMaterial: randomBytes(32).toString('base64'), status: 'active', createdAt: new Date(), retiredAt: null,
        });
      } catch {
        // another instance created it first
      }
      row = await find();
    }
    if (!row) throw new Error('pairwise key unavailable');
    return Buffer.from(row.privateMaterial, 'base64');
  }
}
