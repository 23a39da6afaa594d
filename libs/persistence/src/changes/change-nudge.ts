import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import type { Redis } from 'ioredis';

/**
 * How instances tell each other "the change feed has something new, read it now" (ChangeFeed).
 * Only a hint: the events themselves are in the database, so a lost hint delays an eviction to
 * the next poll and nothing more.
 */
export abstract class ChangeNudge {
  /** Says that a change was committed here. Never waits, never throws. */
  abstract announce(): void;
  /** Calls `onNudge` when another instance announces a change. */
  abstract listen(onNudge: () => void): Promise<void>;
  abstract close(): Promise<void>;
}

/** Without REDIS_URL: instances learn of changes by polling alone. */
export class NoNudge extends ChangeNudge {
  announce(): void {}
  async listen(): Promise<void> {}
  async close(): Promise<void> {}
}

export const NUDGE_CHANNEL = 'gatehouse:changes';

/** REDIS_URL: pub/sub on one channel; each message is the announcing instance's id. */
export class RedisNudge extends ChangeNudge {
  private readonly logger = new Logger('ChangeFeed');
  private readonly self = randomUUID();
  private publisher?: Redis;
  private subscriber?: Redis;
  private warned = false;

  constructor(private readonly url: string) {
    super();
  }

  announce(): void {
    // Offline queue off: while Redis is away a hint fails at once instead of piling up.
    this.publisher?.publish(NUDGE_CHANNEL, this.self).catch((err: Error) => this.warn(err));
  }

  async listen(onNudge: () => void): Promise<void> {
    const { default: IORedis } = await import('ioredis');
    const options = { lazyConnect: true, maxRetriesPerRequest: 0, enableOfflineQueue: false, retryStrategy: (n: number) => Math.min(n * 200, 5_000) };
    this.publisher = new IORedis(this.url, options);
    this.subscriber = new IORedis(this.url, { ...options, enableOfflineQueue: true });
    for (const client of [this.publisher, this.subscriber]) {
      client.on('error', (err: Error) => this.warn(err));
      client.on('ready', () => (this.warned = false));
    }
    this.subscriber.on('message', (_channel: string, from: string) => {
      if (from !== this.self) onNudge();
    });
    // Queued until connected; ioredis reconnects and subscribes again after an outage.
    this.subscriber.subscribe(NUDGE_CHANNEL).catch((err: Error) => this.warn(err));
    try {
      await Promise.all([this.publisher.connect(), this.subscriber.connect()]);
    } catch (err) {
      // Not fatal: the feed is polled anyway, and ioredis keeps reconnecting (and resubscribes).
      this.warn(err as Error);
    }
  }

  async close(): Promise<void> {
    this.publisher?.disconnect();
    this.subscriber?.disconnect();
  }

  private warn(err: Error): void {
    if (this.warned) return;
    this.warned = true;
    this.logger.warn(`Redis (REDIS_URL) unavailable, changes reach other instances by polling alone: ${err.message}`);
  }
}
