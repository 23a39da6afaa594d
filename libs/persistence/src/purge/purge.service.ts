import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';
import { APP_CONFIG, AppConfig, metrics } from '@app/common';
import {
  AccessTokenEntity, AuthorizationCodeEntity, ChangeEventEntity, InteractionEntity, LoginRequestEntity, RateLimitEntity, RefreshTokenEntity, SessionEntity,
} from '../entities';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

interface PurgeRule {
  name: string;
  entity: EntityTarget<ObjectLiteral>;
  idColumn: string;
  /** SQL condition on alias `x`, with :cutoff parameters computed from now. */
  where: string;
  params: (now: number) => Record<string, Date>;
}

/**
 * After each batch the purge rests as long as the batch took, so that it never holds the process
 * (on SQLite every statement blocks it) more than half the time, and requests queued meanwhile
 * run at once. Measured at 20 million tokens (bench/RESULTS.md, "At scale"): without the rest a
 * backlog cut W1 to an eighth and raised its p99 six-fold.
 */
const restAfter = (startedAt: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, Date.now() - startedAt));

/**
 * Deletes expired rows in small batches (select ids, delete by primary key), so no statement
 * holds locks for long, and rests after each batch (restAfter), so that a pass of many batches
 * does not hold up requests (on SQLite's one connection a pass without rests would).
 * Replayed codes and rotated refresh tokens are kept a day past expiry, so reuse is still
 * recognised (and the family revoked) shortly after.
 */
const RULES: PurgeRule[] = [
  { name: 'authorization_codes', entity: AuthorizationCodeEntity, idColumn: 'id', where: 'x.expires_at < :cutoff', params: (now) => ({ cutoff: new Date(now - DAY) }) },
  // Expired and revoked rows separately: each condition is one index range (an OR of the two
  // scanned the whole table; the at-scale bench prints the plans).
  { name: 'access_tokens', entity: AccessTokenEntity, idColumn: 'id', where: 'x.expires_at < :cutoff', params: (now) => ({ cutoff: new Date(now - HOUR) }) },
  { name: 'access_tokens_revoked', entity: AccessTokenEntity, idColumn: 'id', where: 'x.revoked_at < :cutoff', params: (now) => ({ cutoff: new Date(now - HOUR) }) },
  { name: 'refresh_tokens', entity: RefreshTokenEntity, idColumn: 'id', where: 'x.expires_at < :cutoff', params: (now) => ({ cutoff: new Date(now - DAY) }) },
  { name: 'refresh_tokens_revoked', entity: RefreshTokenEntity, idColumn: 'id', where: 'x.revoked_at < :cutoff', params: (now) => ({ cutoff: new Date(now - DAY) }) },
  { name: 'sessions', entity: SessionEntity, idColumn: 'id', where: 'x.expires_at < :cutoff', params: (now) => ({ cutoff: new Date(now) }) },
  { name: 'interactions', entity: InteractionEntity, idColumn: 'id', where: 'x.expires_at < :cutoff', params: (now) => ({ cutoff: new Date(now) }) },
  { name: 'login_requests', entity: LoginRequestEntity, idColumn: 'id', where: 'x.expires_at < :cutoff', params: (now) => ({ cutoff: new Date(now) }) },
  { name: 'rate_limits', entity: RateLimitEntity, idColumn: 'bucket', where: 'x.reset_at < :cutoff', params: (now) => ({ cutoff: new Date(now) }) },
];

/** Change-feed events are read within a poll or two (GAP_WAIT_MS at most); kept a little longer. */
const FEED_KEEP_MS = 5 * 60_000;
/** Feed rows deleted per statement (a range of the primary key, so no select first). */
const FEED_CHUNK = 1_000;

@Injectable()
export class PurgeService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Purge');
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;
  /** Set at shutdown: a pass stops after its current batch (a pass may be a million rows long). */
  private stopping = false;

  constructor(private readonly dataSource: DataSource, @Inject(APP_CONFIG) private readonly config: AppConfig) {}

  onApplicationBootstrap(): void {
    const every = this.config.purge.intervalSeconds;
    if (every <= 0) return;
    this.timer = setInterval(() => {
      this.running ??= this.purgeAll().catch((err: Error) => this.logger.warn(`purge failed: ${err.message}`)).finally(() => (this.running = undefined));
    }, every * 1000);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopping = true;
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  /** One pass over every table; returns the rows deleted per table. */
  async purgeAll(now = Date.now()): Promise<Record<string, number>> {
    const deleted: Record<string, number> = {};
    for (const rule of RULES) {
      const table = rule.name.replace(/_revoked$/, '');
      deleted[table] = (deleted[table] ?? 0) + (await this.purge(rule, now));
    }
    deleted.change_events = await this.purgeFeed(now);
    const total = Object.values(deleted).reduce((a, b) => a + b, 0);
    if (total) this.logger.log(`purged ${total} expired rows ${JSON.stringify(deleted)}`);
    return deleted;
  }

  /**
   * The feed grows by one row per change (a refresh rotation is one), far faster than the other
   * tables, and only its tail is ever read: everything older than FEED_KEEP_MS goes, by ranges of
   * its ever-growing id, all of it in each pass.
   */
  private async purgeFeed(now: number): Promise<number> {
    const repo = this.dataSource.getRepository(ChangeEventEntity);
    const bounds = await repo.createQueryBuilder('x').select('MIN(x.id)', 'lo').addSelect('MAX(x.id)', 'hi')
      .where('x.at < :cutoff', { cutoff: new Date(now - FEED_KEEP_MS) }).getRawOne<{ lo: string | number | null; hi: string | number | null }>();
    if (bounds?.lo == null || bounds.hi == null) return 0;
    let total = 0;
    for (let from = Number(bounds.lo); from <= Number(bounds.hi) && !this.stopping; from += FEED_CHUNK) {
      const startedAt = Date.now();
      const to = Math.min(from + FEED_CHUNK - 1, Number(bounds.hi));
      const res = await repo.createQueryBuilder().delete().where('id >= :from AND id <= :to', { from, to }).execute();
      total += res.affected ?? 0;
      metrics().purgedRows.inc({ table: 'change_events' }, res.affected ?? 0);
      await restAfter(startedAt);
    }
    return total;
  }

  private async purge(rule: PurgeRule, now: number): Promise<number> {
    const { batchSize, maxBatches } = this.config.purge;
    const repo = this.dataSource.getRepository(rule.entity);
    let total = 0;
    for (let i = 0; i < maxBatches && !this.stopping; i++) {
      const startedAt = Date.now();
      const rows = await repo.createQueryBuilder('x').select(`x.${rule.idColumn}`, 'id').where(rule.where, rule.params(now))
        .limit(batchSize).getRawMany<{ id: string }>();
      if (rows.length === 0) break;
      await repo.createQueryBuilder().delete().whereInIds(rows.map((r) => r.id)).execute();
      total += rows.length;
      metrics().purgedRows.inc({ table: rule.name.replace(/_revoked$/, '') }, rows.length);
      await restAfter(startedAt);
      if (rows.length < batchSize) break;
    }
    return total;
  }
}
