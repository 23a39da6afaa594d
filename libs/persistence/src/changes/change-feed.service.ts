import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy, Optional } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig, DEFAULT_CACHE_MS, DEFAULT_FEED_POLL_MS } from '@app/common';
import { ChangeEventEntity } from '../entities';
import { Transactions } from '../transactions/transactions.service';
import { CoherentCache } from './coherent-cache';
import { FeedCursor } from './feed-cursor';
import { ChangeNudge, NoNudge } from './change-nudge';
import { insertRows } from '../rows/fast-rows';

/** What a cache may hold; a change to one of them is an event on its topic. */
export type ChangeTopic = 'client' | 'user' | 'scope' | 'token';
export type ChangeListener = (item: string) => void;

/** The item that stands for "everything in the topic". */
export const ALL_ITEMS = '*';
/** How many events one poll reads at most; more wait for the next poll, which follows at once. */
const POLL_BATCH = 500;

/**
 * Keeps every per-instance cache coherent across instances on one database.
 *
 * A change to something an instance may cache writes an event row in the SAME transaction as the
 * change (`publish`), so the event exists exactly when the change does. Every instance reads the
 * rows after the last one it saw every CHANGE_FEED_POLL_MS (an indexed range read of the primary
 * key) and tells the caches of that topic to evict the item. With REDIS_URL an instance also
 * announces each committed change through Redis pub/sub, and the others poll at once on hearing it;
 * the table stays the source of truth, so a lost message only delays the eviction to the next
 * poll. And every cache still forgets what it holds after CACHE_MS (CoherentCache), so a feed that
 * cannot be read (the database is down) never makes a cache lag more than that bound.
 *
 * The instance that makes a change evicts at once, before the statement and again when its
 * transaction has ended (the caches refuse rows read in between), like BearerCache always did.
 */
@Injectable()
export class ChangeFeed implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('ChangeFeed');
  private readonly listeners = new Map<ChangeTopic, Set<ChangeListener>>();
  private readonly cursor = new FeedCursor();
  private readonly cacheMs: number;
  private readonly pollMs: number;
  private timer?: NodeJS.Timeout;
  private polling?: Promise<number>;
  private again = false;
  private stopped = false;
  private failures = 0;

  constructor(
    private readonly dataSource: DataSource,
    private readonly transactions: Transactions,
    @Inject(APP_CONFIG) config: AppConfig,
    @Optional() @Inject(ChangeNudge) private readonly nudge: ChangeNudge = new NoNudge(),
  ) {
    this.cacheMs = config.cache?.ms ?? DEFAULT_CACHE_MS;
    this.pollMs = config.cache?.feedPollMs ?? DEFAULT_FEED_POLL_MS;
  }

  /**
   * A cache of `topic`'s items, bounded by CACHE_MS (or `ttlMs` when smaller) and evicted by the
   * feed: the changed item, or everything when `wholeTopic` (a cache keyed by something else that
   * any change in the topic may affect, e.g. CORS answers per origin).
   */
  cache<V>(topic: ChangeTopic, options: { ttlMs?: number; maxEntries?: number; wholeTopic?: boolean } = {}): CoherentCache<V> {
    const ttl = Math.min(options.ttlMs ?? this.cacheMs, this.cacheMs);
    const cache = new CoherentCache<V>(ttl, options.maxEntries ?? 10_000);
    this.subscribe(topic, (item) => (item === ALL_ITEMS || options.wholeTopic ? cache.clear() : cache.evict(item)));
    return cache;
  }

  subscribe(topic: ChangeTopic, listener: ChangeListener): void {
    let set = this.listeners.get(topic);
    if (!set) this.listeners.set(topic, (set = new Set()));
    set.add(listener);
  }

  /**
   * Records that `item` of `topic` changes in the transaction `manager` belongs to. This instance's
   * caches evict it now and again when that transaction has ended; the others when they read the
   * event. Call it inside the transaction that makes the change.
   */
  async publish(manager: EntityManager, topic: ChangeTopic, item: string): Promise<void> {
    await this.publishMany(manager, topic, [item]);
  }

  /** `publish` for several items of a topic: one multi-row INSERT (the importer's batches). */
  async publishMany(manager: EntityManager, topic: ChangeTopic, items: readonly string[]): Promise<void> {
    if (items.length === 0) return;
    for (const item of items) this.dispatch(topic, item);
    const at = new Date();
    await insertRows(manager, ChangeEventEntity, items.map((item) => ({ topic, item: item.slice(0, 191), at }) as ChangeEventEntity));
    this.transactions.afterSettle(manager, () => {
      for (const item of items) this.dispatch(topic, item);
      this.nudge.announce();
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    // Start after what is already there: this instance's caches are empty.
    const row = await this.dataSource.getRepository(ChangeEventEntity).createQueryBuilder('e')
      .select('MAX(e.id)', 'max').getRawOne<{ max: string | number | null }>();
    this.cursor.start(Number(row?.max ?? 0));
    await this.nudge.listen(() => this.pollSoon());
    this.schedule();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.polling?.catch(() => undefined);
    await this.nudge.close();
  }

  /** Reads the events after the last one seen and evicts what they name; the count read. */
  poll(): Promise<number> {
    if (this.polling) {
      this.again = true;
      return this.polling;
    }
    this.polling = this.readOnce().finally(() => {
      this.polling = undefined;
      if (this.again && !this.stopped) {
        this.again = false;
        void this.poll().catch(() => undefined);
      }
    });
    return this.polling;
  }

  private async readOnce(): Promise<number> {
    const { after, gaps } = this.cursor.query(Date.now());
    const qb = this.dataSource.getRepository(ChangeEventEntity).createQueryBuilder('e')
      .select(['e.id AS id', 'e.topic AS topic', 'e.item AS item'])
      .where('e.id > :after', { after });
    if (gaps.length) qb.orWhere('e.id IN (:...gaps)', { gaps });
    const rows = await qb.orderBy('e.id', 'ASC').limit(POLL_BATCH).getRawMany<{ id: string | number; topic: ChangeTopic; item: string }>();
    for (const row of rows) this.dispatch(row.topic, row.item);
    this.cursor.saw(rows.map((r) => Number(r.id)), Date.now());
    if (rows.length === POLL_BATCH) this.again = true;
    return rows.length;
  }

  private dispatch(topic: ChangeTopic, item: string): void {
    for (const listener of this.listeners.get(topic) ?? []) listener(item);
  }

  private pollSoon(): void {
    if (!this.stopped) void this.poll().catch(() => undefined);
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.poll().then(() => {
        if (this.failures) this.logger.log('change feed readable again');
        this.failures = 0;
      }, (err: Error) => {
        // The caches still expire after CACHE_MS; say so once, not every 100 ms.
        if (this.failures++ === 0) this.logger.warn(`cannot read the change feed (caches fall back to CACHE_MS): ${err.message}`);
      }).finally(() => this.schedule());
    }, this.pollMs);
    this.timer.unref();
  }
}
