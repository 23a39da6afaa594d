import { createPrivateKey, KeyObject, randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import type { JWK, JWTPayload, JWTVerifyResult } from 'jose';
import { APP_CONFIG, AppConfig, Clock, ConflictError, KeyEncryption, serverKeySecret } from '@app/common';
import { AccessTokenEntity, AuditContext, AuditLog, KeyEntity, SYSTEM, Transactions } from '@app/persistence';
import { jose } from './jose';
import { generateSigningKey, NewKeyPair, SigningAlg } from './key-generation';
import { KEY_CACHE_SECONDS, publishedUntil } from './key-retention';
import { pendingAt, PREPUBLISH_SECONDS, publishedAt, rotationDue, settlementAt, signingKeyAt, startsAt } from './key-schedule';

/** The row id of the first signing key a database gets (see onApplicationBootstrap). */
const FIRST_KEY_ID = 'first-signing-key';

interface LoadedKey {
  kid: string;
  alg: SigningAlg;
  status: KeyEntity['status'];
  createdAt: Date;
  activatesAt: Date | null;
  publishedUntil: Date | null;
  publicJwk: JWK;
  privateKey?: KeyObject;
}

export interface RotatedKeys {
  kid: string;
  alg: SigningAlg;
  /** When the new key starts signing; it is in the JWKS from now on. */
  activates_at: string;
  /** The keys it replaces: they sign until then, and stay published until their last token expired. */
  replaces: { kid: string; signs_until: string }[];
}

/** How often each instance settles the key rows (activation, retirement) and checks the schedule. */
const TICK_SECONDS = 60;

/**
 * Signing keys for ID tokens and JWT access tokens (RFC 7515, RFC 7517):
 * - generated at first start (SIGNING_ALG: RS256 by default, ES256, EdDSA); the private key
 *   sealed at rest (KeyEncryption), the public one kept as a JWK;
 * - a rotation (admin, or every KEY_ROTATION_DAYS) publishes the next key at once and signs
 *   with it only PREPUBLISH_SECONDS later (key-schedule.ts), so verifiers holding a cached JWKS
 *   never meet an unknown kid; the replaced key stays published until the last token it signed
 *   has expired (key-retention.ts); rotations are audited;
 * - which key signs is decided per signature from the Clock, so every instance switches at the
 *   same moment; each instance reloads the rows every KEY_CACHE_SECONDS.
 */
@Injectable()
export class SigningKeys implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(SigningKeys.name);
  private readonly encryption: KeyEncryption;
  private cache?: { loadedAt: number; keys: Promise<LoadedKey[]> };
  private timer?: NodeJS.Timeout;
  private ticking?: Promise<unknown>;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectRepository(KeyEntity) private readonly rows: Repository<KeyEntity>,
    private readonly transactions: Transactions,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {
    this.encryption = new KeyEncryption(serverKeySecret(config));
  }

  /**
   * The first key, when the database has none. Instances started together on an empty database
   * all get here: the first key has a fixed row id, so exactly one insert wins and the others
   * (a duplicate key) use the key that won.
   */
  async onApplicationBootstrap(): Promise<void> {
    // Instances started together on an empty database all get here: the first key has a fixed
    // row id, so exactly one insert wins and the others (a duplicate key) use the key that won.
    if ((await this.rows.countBy({ kind: 'signing' })) === 0) {
      const pair = await generateSigningKey(this.algorithm);
      try {
        await this.transactions.run((m) => this.insertNew(m, pair, this.clock.now(), null, FIRST_KEY_ID));
        this.logger.log(`generated the first signing key (${this.algorithm})`);
      } catch (err) {
        if (!(await this.rows.existsBy({ id: FIRST_KEY_ID }))) throw err;
      }
      this.cache = undefined;
    }
    this.timer = setInterval(() => {
      this.ticking ??= this.tick().catch((err: Error) => this.logger.warn(`key schedule: ${err.message}`)).finally(() => (this.ticking = undefined));
    }, TICK_SECONDS * 1000);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.ticking;
  }

  get algorithm(): SigningAlg {
    return this.config.keys?.signingAlg ?? 'RS256';
  }

  /** Algorithms of the keys in the set (metadata's *_signing_alg_values_supported). */
  async algorithms(): Promise<SigningAlg[]> {
    return [...new Set((await this.published()).map((k) => k.alg))];
  }

  /** RFC 7517 §5 JWK Set: public parts only; a pending key is in it before it signs. */
  async jwks(): Promise<{ keys: JWK[] }> {
    return { keys: (await this.published()).map((k) => k.publicJwk) };
  }

  /**
   * A compact JWS with the key that signs now; `typ` "JWT" for ID tokens, "at+jwt" for RFC 9068.
   * The claims may depend on the key's algorithm (OIDC at_hash).
   */
  async sign(claims: JWTPayload | ((alg: SigningAlg) => JWTPayload), typ: 'JWT' | 'at+jwt'): Promise<string> {
    const key = signingKeyAt(await this.load(), this.clock.now());
    if (!key?.privateKey) throw new Error('no active signing key');
    const payload = typeof claims === 'function' ? claims(key.alg) : claims;
    return new jose.SignJWT(payload).setProtectedHeader({ alg: key.alg, kid: key.kid, typ }).sign(key.privateKey);
  }

  /** Verifies a JWT this server signed with a key still in the set (issuer checked). */
  async verify(token: string, options: { audience?: string; currentDate?: Date; typ?: 'JWT' | 'at+jwt' } = {}): Promise<JWTVerifyResult> {
    const set = jose.createLocalJWKSet(await this.jwks());
    return jose.jwtVerify(token, set, { issuer: this.config.server.issuer, ...options });
  }

  /**
   * Publishes a new key now; it signs from PREPUBLISH_SECONDS on. One rotation at a time: while
   * a key is pending, another rotation is a conflict (it would replace a key verifiers may
   * already have fetched but that never signed).
   */
  async rotate(ctx: AuditContext): Promise<RotatedKeys> {
    const now = this.clock.now();
    const activatesAt = new Date(now.getTime() + PREPUBLISH_SECONDS * 1000);
    // Generated before the transaction: its body is database work only (Transactions).
    const pair = await generateSigningKey(this.algorithm);
    const result = await this.transactions.run(async (m) => {
      const current = await m.find(KeyEntity, { where: { kind: 'signing' } });
      const pending = pendingAt(current.map(asScheduled), now);
      if (pending) {
        throw new ConflictError(`a rotation is already under way: key ${pending.kid} signs from ${startsAt(pending).toISOString()}`);
      }
      const replaces = current.filter((r) => r.status !== 'retired')
        .map((r) => ({ kid: r.kid ?? r.id, signs_until: activatesAt.toISOString() }));
      const created = await this.insertNew(m, pair, now, activatesAt);
      await this.audit.record(ctx, {
        action: 'keys.rotated', targetType: 'signing_key', targetId: created.kid,
        details: { alg: created.alg, activates_at: activatesAt.toISOString(), replaces },
      }, m);
      return { kid: created.kid, alg: created.alg, activates_at: activatesAt.toISOString(), replaces };
    });
    this.cache = undefined;
    return result;
  }

  /**
   * Brings the rows up to date with the clock (a pending key that now signs becomes "active", a
   * replaced one "retired" with its retention computed from the tokens it signed), then starts
   * a scheduled rotation when one is due. Runs every TICK_SECONDS; idempotent on every instance.
   */
  async tick(): Promise<void> {
    const now = this.clock.now();
    const rows = await this.rows.find({ where: { kind: 'signing' } });
    const { activate, retire } = settlementAt(rows.map(asScheduled), now);
    if (activate.length || retire.length) {
      await this.transactions.run(async (m) => {
        for (const k of activate) await m.update(KeyEntity, { id: k.row.id, status: 'next' }, { status: 'active' });
        for (const { key, retiredAt } of retire) {
          const until = await this.retentionOf(key.row, retiredAt, m);
          await m.update(KeyEntity, { id: key.row.id }, { status: 'retired', retiredAt, publishedUntil: until });
          this.logger.log(`signing key ${key.kid} retired; published until ${until?.toISOString() ?? 'further notice'}`);
        }
      });
      this.cache = undefined;
    }
    const days = this.config.keys?.rotationDays ?? 0;
    if (rotationDue(rows.map(asScheduled), now, days)) {
      const rotated = await this.rotate(SYSTEM);
      this.logger.log(`scheduled rotation (every ${days} days): key ${rotated.kid} signs from ${rotated.activates_at}`);
    }
  }

  private async insertNew(m: EntityManager, pair: NewKeyPair, now: Date, activatesAt: Date | null, id: string = randomUUID()): Promise<{ kid: string; alg: SigningAlg }> {
    await m.insert(KeyEntity, {
      id, kind: 'signing', alg: pair.alg, kid: pair.kid, publicMaterial: JSON.stringify(pair.publicJwk),
      privateMaterial: this.encryption.seal(pair.privatePem, pair.kid), status: activatesAt ? 'next' : 'active', createdAt: now,
      activatesAt, retiredAt: null, publishedUntil: null,
    });
    return { kid: pair.kid, alg: pair.alg };
  }

  /** When a key that stopped signing at `retiredAt` may leave the JWKS: after the tokens it signed expire. */
  private async retentionOf(row: KeyEntity, retiredAt: Date, m: EntityManager): Promise<Date | null> {
    const signedBy = () => m.createQueryBuilder(AccessTokenEntity, 't')
      // Since the key was created, not since it signed: counting a few more tokens only keeps it longer.
      .where('t.created_at >= :since', { since: row.createdAt })
      .andWhere("t.client_id IN (SELECT c.client_id FROM clients c WHERE c.token_format = 'jwt')");
    const latest = await signedBy().andWhere('t.expires_at IS NOT NULL').orderBy('t.expires_at', 'DESC').getOne();
    const neverExpiring = (await signedBy().andWhere('t.expires_at IS NULL').getCount()) > 0;
    return publishedUntil({
      retiredAt, latestAccessTokenExpiry: latest?.expiresAt ?? undefined, neverExpiring,
      accessTokenTtl: this.config.tokens.accessTokenTtl,
    });
  }

  private async published(): Promise<LoadedKey[]> {
    return publishedAt(await this.load(), this.clock.now());
  }

  private load(): Promise<LoadedKey[]> {
    const now = Date.now();
    if (!this.cache || now - this.cache.loadedAt > KEY_CACHE_SECONDS * 1000) {
      const keys = this.read();
      keys.catch(() => (this.cache = undefined));
      this.cache = { loadedAt: now, keys };
    }
    return this.cache.keys;
  }

  private async read(): Promise<LoadedKey[]> {
    const rows = await this.rows.find({ where: { kind: 'signing' }, order: { createdAt: 'DESC' } });
    // Retired keys past their deadline are dropped at publication time (publishedAt), not here.
    return rows.map((r) => ({
      kid: r.kid ?? r.id,
      alg: (r.alg ?? 'RS256') as SigningAlg,
      status: r.status,
      createdAt: r.createdAt,
      activatesAt: r.activatesAt ?? null,
      publishedUntil: r.publishedUntil ?? null,
      publicJwk: JSON.parse(r.publicMaterial ?? '{}') as JWK,
      privateKey: r.status !== 'retired' ? createPrivateKey(this.encryption.open(r.privateMaterial, r.kid ?? r.id)) : undefined,
    }));
  }
}

function asScheduled(row: KeyEntity) {
  return { row, kid: row.kid ?? row.id, status: row.status, createdAt: row.createdAt, activatesAt: row.activatesAt ?? null, publishedUntil: row.publishedUntil ?? null };
}
