import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditEventEntity, RateLimitEntity } from './entities';
import { AuditLog } from './audit/audit-log.service';
import { DatabaseThrottlerStorage } from './rate-limit/database-throttler-storage';
import { Locks } from './rate-limit/lockout';
import { RateLimiter } from './rate-limit/rate-limiter.service';
import { Transactions } from './transactions/transactions.service';
import { PurgeService } from './purge/purge.service';

/** The audit log, the shared rate limiter (and the flood ceiling's storage) and the transaction runner, available to every lib. */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([AuditEventEntity, RateLimitEntity])],
  providers: [AuditLog, RateLimiter, Locks, DatabaseThrottlerStorage, Transactions, PurgeService],
  exports: [AuditLog, RateLimiter, Locks, DatabaseThrottlerStorage, Transactions, PurgeService],
})
export class InfrastructureModule {}
