import { randomBytes, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { hmacBase64Url } from '@app/common';
import { KeyEntity } from '@app/persistence';

/**
 * The `openid` of PRODUCT.md (OIDC Core §8.1 pairwise subject): HMAC-SHA256 of
 * (client_id, user_id) under a server secret kept in server_keys. Stable for one user and one
 * channel, different across channels, and not reversible without the secret.
 */
@Injectable()
export class PairwiseSubject {
  private key?: Promise<Buffer>;

  constructor(@InjectRepository(KeyEntity) private readonly keys: Repository<KeyEntity>) {}

  async openidFor(userId: string, clientId: string): Promise<string> {
    const key = await this.loadKey();
    return hmacBase64Url(key, `${clientId}\u0000${userId}`).slice(0, 32);
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
