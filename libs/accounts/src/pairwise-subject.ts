import { randomBytes, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { APP_CONFIG, AppConfig, hmacBase64Url, KeyEncryption, openServerKey, serverKeySecret } from '@app/common';
import { ChangeFeed, CoherentCache, KeyEntity } from '@app/persistence';
import { SubjectOverrides } from './subject-overrides';

/**
 * The `openid` of PRODUCT.md (OIDC Core §8.1 pairwise subject): HMAC-SHA256 of
 * (client_id, user_id) under a server secret kept in server_keys. Stable for one user and one
 * channel, different across channels, and not reversible without the secret — unless the pair has
 * an imported openid (SubjectOverrides), which is then the subject. The secret is sealed at rest
 * like the signing keys (KeyEncryption, bound to the row id; issue 14 #2): losing KEYS_SECRET
 * (else SESSION_SECRET) would change every openid, so keep it.
 */
@Injectable()
export class PairwiseSubject {
  private key?: Promise<Buffer>;
  /**
   * Subjects already computed: the resource API asks on every call. An imported openid changes a
   * pair's subject, so the cache follows the change feed (SubjectOverrides publishes a `user`
   * event in the import's transaction) and never lags more than CACHE_MS.
   */
  private readonly known: CoherentCache<string>;

  private readonly encryption: KeyEncryption;

  constructor(
    @InjectRepository(KeyEntity) private readonly keys: Repository<KeyEntity>,
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly overrides: SubjectOverrides,
    feed: ChangeFeed,
  ) {
    this.encryption = new KeyEncryption(serverKeySecret(config));
    this.known = feed.cache<string>('user', { wholeTopic: true });
  }

  async openidFor(userId: string, clientId: string): Promise<string> {
    const pair = `${clientId}\u0000${userId}`;
    const known = this.known.get(pair);
    if (known) return known;
    const stamp = this.known.stamp();
    const subject = (await this.overrides.find(userId, clientId)) ?? hmacBase64Url(await this.loadKey(), pair).slice(0, 32);
    this.known.set(pair, subject, stamp);
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
