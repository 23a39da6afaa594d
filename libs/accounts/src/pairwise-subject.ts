import { randomBytes, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { APP_CONFIG, AppConfig, hmacBase64Url, KeyEncryption, openServerKey, serverKeySecret } from '@app/common';
import { KeyEntity } from '@app/persistence';

/**
 * The `openid` of PRODUCT.md (OIDC Core §8.1 pairwise subject): HMAC-SHA256 of
 * (client_id, user_id) under a server secret kept in server_keys. Stable for one user and one
 * channel, different across channels, and not reversible without the secret. The secret is
 * sealed at rest like the signing keys (KeyEncryption, bound to the row id; issue 14 #2): losing
 * KEYS_SECRET (else SESSION_SECRET) would change every openid, so keep it.
 */
@Injectable()
export class PairwiseSubject {
  private key?: Promise<Buffer>;
  /** Subjects already computed (a pure function of the pair and the secret): the resource API asks on every call. */
  private readonly known = new Map<string, string>();

  private readonly encryption: KeyEncryption;

  constructor(@InjectRepository(KeyEntity) private readonly keys: Repository<KeyEntity>, @Inject(APP_CONFIG) config: AppConfig) {
    this.encryption = new KeyEncryption(serverKeySecret(config));
  }

  async openidFor(userId: string, clientId: string): Promise<string> {
    const pair = `${clientId}\u0000${userId}`;
    const known = this.known.get(pair);
    if (known) return known;
    const subject = hmacBase64Url(await this.loadKey(), pair).slice(0, 32);
    if (this.known.size >= 10_000) this.known.clear();
    this.known.set(pair, subject);
    return subject;
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
      const id = randomUUID();
      try {
        await this.keys.insert({
          id, kind: 'pairwise', alg: 'HS256', kid: null, publicMaterial: null,
          privateMaterial: this.encryption.seal(randomBytes(32).toString('base64'), id), status: 'active', createdAt: new Date(), retiredAt: null,
        });
      } catch {
        // another instance created it first
      }
      row = await find();
    }
    if (!row) throw new Error('pairwise key unavailable');
    return Buffer.from(openServerKey(this.encryption, row), 'base64');
  }
}
