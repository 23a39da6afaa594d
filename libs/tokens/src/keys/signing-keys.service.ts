import { createPrivateKey, KeyObject, randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import type { JWK, JWTPayload, JWTVerifyResult } from 'jose';
import { APP_CONFIG, AppConfig } from '@app/common';
import { AccessTokenEntity, AuditContext, AuditLog, KeyEntity, Transactions } from '@app/persistence';
import { jose } from './jose';
import { KeyEncryption } from './key-encryption';
import { generateSigningKey, NewKeyPair, SigningAlg } from './key-generation';
import { KEY_CACHE_SECONDS, publishedUntil } from './key-retention';

/** The row id of the first signing key a database gets (see onApplicationBootstrap). */
const FIRST_KEY_ID = 'first-signing-key';

interface LoadedKey {
  kid: string;
  alg: SigningAlg;
  active: boolean;
  publicJwk: JWK;
  privateKey?: KeyObject;
}

export interface RotatedKeys {
  kid: string;
  alg: SigningAlg;
  retired: { kid: string; published_until: string | null }[];
}

/**
 * Signing keys for ID tokens and JWT access tokens (RFC 7515, RFC 7517):
 * - generated at first start (SIGNING_ALG: RS256 by default, ES256, EdDSA); the private key
 *   sealed at rest (KeyEncryption), the public one kept as a JWK;
 * - the newest active key signs; an admin rotation retires it and keeps it in the JWKS until
 *   the longest token it signed has expired (key-retention.ts); the rotation is audited;
 * - each instance reloads the set every KEY_CACHE_SECONDS, so a rotation elsewhere is seen.
 */
@Injectable()
export class SigningKeys implements OnApplicationBootstrap {
  private readonly logger = new Logger(SigningKeys.name);
  private readonly encryption: KeyEncryption;
  private cache?: { loadedAt: number; keys: Promise<LoadedKey[]> };

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectRepository(KeyEntity) private readonly rows: Repository<KeyEntity>,
    private readonly transactions: Transactions,
    private readonly audit: AuditLog,
  ) {
    this.encryption = new KeyEncryption(config.keys?.secret ?? config.session.secret);
  }

  /**
   * The first key, when the database has none. Instances started together on an empty database
   * all get here: the first key has a fixed row id, so exactly one insert wins and the others
   * (a duplicate key) use the key that won.
   */
  async onApplicationBootstrap(): Promise<void> {
    if ((await this.rows.countBy({ kind: 'signing' })) > 0) return;
    const pair = await generateSigningKey(this.algorithm);
    try {
      await this.transactions.run((m) => this.insertNew(m, pair, new Date(), FIRST_KEY_ID));
      this.logger.log(`generated the first signing key (${this.algorithm})`);
    } catch (err) {
      if (!(await this.rows.existsBy({ id: FIRST_KEY_ID }))) throw err;
    }
    this.cache = undefined;
  }

  get algorithm(): SigningAlg {
    return this.config.keys?.signingAlg ?? 'RS256';
  }

  /** Algorithms of the keys in the set (metadata's *_signing_alg_values_supported). */
  async algorithms(): Promise<SigningAlg[]> {
    return [...new Set((await this.load()).map((k) => k.alg))];
  }

  /** RFC 7517 §5 JWK Set: public parts only. */
  async jwks(): Promise<{ keys: JWK[] }> {
    return { keys: (await this.load()).map((k) => k.publicJwk) };
  }

  /**
   * A compact JWS with the current key; `typ` "JWT" for ID tokens, "at+jwt" for RFC 9068.
   * The claims may depend on the key's algorithm (OIDC at_hash).
   */
  async sign(claims: JWTPayload | ((alg: SigningAlg) => JWTPayload), typ: 'JWT' | 'at+jwt'): Promise<string> {
    const key = (await this.load()).find((k) => k.active && k.privateKey);
    if (!key?.privateKey) throw new Error('no active signing key');
    const payload = typeof claims === 'function' ? claims(key.alg) : claims;
    return new jose.SignJWT(payload).setProtectedHeader({ alg: key.alg, kid: key.kid, typ }).sign(key.privateKey);
  }

  /** Verifies a JWT this server signed with a key still in the set (issuer checked). */
  async verify(token: string, options: { audience?: string; currentDate?: Date; typ?: 'JWT' | 'at+jwt' } = {}): Promise<JWTVerifyResult> {
    const set = jose.createLocalJWKSet(await this.jwks());
    return jose.jwtVerify(token, set, { issuer: this.config.server.issuer, ...options });
  }

  async rotate(ctx: AuditContext): Promise<RotatedKeys> {
    const now = new Date();
    // Generated before the transaction: its body is database work only (Transactions).
    const pair = await generateSigningKey(this.algorithm);
    const result = await this.transactions.run(async (m) => {
      const active = await m.findBy(KeyEntity, { kind: 'signing', status: 'active' });
      const retired: RotatedKeys['retired'] = [];
      for (const row of active) {
        const until = await this.retentionOf(row, now, m);
        await m.update(KeyEntity, { id: row.id, status: 'active' }, { status: 'retired', retiredAt: now, publishedUntil: until });
        retired.push({ kid: row.kid ?? row.id, published_until: until?.toISOString() ?? null });
      }
      const created = await this.insertNew(m, pair, now);
      await this.audit.record(ctx, {
        action: 'keys.rotated', targetType: 'signing_key', targetId: created.kid, details: { alg: created.alg, retired },
      }, m);
      return { kid: created.kid, alg: created.alg, retired };
    });
    this.cache = undefined;
    return result;
  }

  private async insertNew(m: EntityManager, pair: NewKeyPair, now: Date, id: string = randomUUID()): Promise<{ kid: string; alg: SigningAlg }> {
    await m.insert(KeyEntity, {
      id, kind: 'signing', alg: pair.alg, kid: pair.kid, publicMaterial: JSON.stringify(pair.publicJwk),
      privateMaterial: this.encryption.seal(pair.privatePem, pair.kid), status: 'active', createdAt: now, retiredAt: null,
      publishedUntil: null,
    });
    return { kid: pair.kid, alg: pair.alg };
  }

  /** When a key retired now may leave the JWKS: after the JWT access tokens it signed expire. */
  private async retentionOf(row: KeyEntity, now: Date, m: EntityManager): Promise<Date | null> {
    const signedBy = () => m.createQueryBuilder(AccessTokenEntity, 't')
      .where('t.created_at >= :since', { since: row.createdAt })
      .andWhere("t.client_id IN (SELECT c.client_id FROM clients c WHERE c.token_format = 'jwt')");
    const latest = await signedBy().andWhere('t.expires_at IS NOT NULL').orderBy('t.expires_at', 'DESC').getOne();
    const neverExpiring = (await signedBy().andWhere('t.expires_at IS NULL').getCount()) > 0;
    return publishedUntil({
      retiredAt: now, latestAccessTokenExpiry: latest?.expiresAt ?? undefined, neverExpiring,
      accessTokenTtl: this.config.tokens.accessTokenTtl,
    });
  }

  private load(): Promise<LoadedKey[]> {
    const now = Date.now();
    if (!this.cache || now - this.cache.loadedAt > KEY_CACHE_SECONDS * 1000) {
      const keys = this.read(new Date(now));
      keys.catch(() => (this.cache = undefined));
      this.cache = { loadedAt: now, keys };
    }
    return this.cache.keys;
  }

  private async read(now: Date): Promise<LoadedKey[]> {
    const rows = await this.rows.find({ where: { kind: 'signing' }, order: { createdAt: 'DESC' } });
    const published = rows.filter((r) => r.status === 'active' || !r.publishedUntil || r.publishedUntil > now);
    return published.map((r) => ({
      kid: r.kid ?? r.id,
      alg: (r.alg ?? 'RS256') as SigningAlg,
      active: r.status === 'active',
      publicJwk: JSON.parse(r.publicMaterial ?? '{}') as JWK,
      privateKey: r.status === 'active' ? createPrivateKey(this.encryption.open(r.privateMaterial, r.kid ?? r.id)) : undefined,
    }));
  }
}
