import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG, AppConfig } from '@app/common';
import { AuditEventEntity, RateLimitEntity } from './entities';
import { AuditLog } from './audit/audit-log.service';
import { DatabaseThrottlerStorage } from './rate-limit/database-throttler-storage';
import { Locks } from './rate-limit/lockout';
import { RateLimiter } from './rate-limit/rate-limiter.service';
import { Transactions } from './transactions/transactions.service';
import { PurgeService } from './purge/purge.service';
import { ChangeFeed } from './changes/change-feed.service';
import { ChangeNudge, NoNudge, RedisNudge } from './changes/change-nudge';

const NUDGE = {
  provide: ChangeNudge,
  inject: [APP_CONFIG],
  useFactory: (config: AppConfig): ChangeNudge => (config.cache?.redisUrl ? new RedisNudge(config.cache.redisUrl) : new NoNudge()),
};

/**
 * The audit log, the shared rate limiter (and the flood ceiling's storage), the transaction runner
 * and the change feed behind every per-instance cache, available to every lib.
 */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([AuditEventEntity, RateLimitEntity])],
  providers: [AuditLog, RateLimiter, Locks, DatabaseThrottlerStorage, Transactions, PurgeService, ChangeFeed, NUDGE],
  exports: [AuditLog, RateLimiter, Locks, DatabaseThrottlerStorage, Transactions, PurgeService, ChangeFeed],
})
export class InfrastructureModule {}
