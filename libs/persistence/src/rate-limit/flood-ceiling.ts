import { ExecutionContext, Injectable } from '@nestjs/common';
import { ThrottlerAsyncOptions, ThrottlerGuard, ThrottlerLimitDetail, ThrottlerModuleOptions } from '@nestjs/throttler';
import { APP_CONFIG, AppConfig, clientIp, HttpRequest, RateLimitedError } from '@app/common';
import { DatabaseThrottlerStorage } from './database-throttler-storage';

export const FLOOD_CEILING = 'flood';

/**
 * The flood ceiling (issue 7): at most THROTTLE_REQUESTS_PER_ADDRESS requests per
 * THROTTLE_REQUESTS_PER_ADDRESS_WINDOW seconds from one address to the entry points that carry
 * FloodCeilingGuard (login, admin login, the admin API session, registration), all of them
 * together, successful or not. It stands in front of the failure counters (RateLimiter), which
 * count failures only and lock exactly; this one only bounds the volume. The counts are in the
 * database (DatabaseThrottlerStorage), shared by every instance. PersistenceModule.forRoot()
 * registers `ThrottlerModule.forRootAsync(FLOOD_CEILING_OPTIONS)` (a global module).
 */
export const FLOOD_CEILING_OPTIONS: ThrottlerAsyncOptions = {
  inject: [APP_CONFIG, DatabaseThrottlerStorage],
  useFactory: (config: AppConfig, storage: DatabaseThrottlerStorage): ThrottlerModuleOptions => ({
    throttlers: [{
      name: FLOOD_CEILING,
      limit: config.throttle.requestsPerAddress,
      ttl: config.throttle.requestsPerAddressWindow * 1000,
    }],
    storage,
    // Retry-After comes with the 429 (RateLimitedError); no X-RateLimit-* on every answer.
    setHeaders: false,
  }),
};

/**
 * @nestjs/throttler's guard keyed by the caller's address as the app computes it (clientIp:
 * X-Forwarded-For only from TRUST_PROXY), one count per address across every guarded route.
 * Over the ceiling it throws RateLimitedError, which each route's filter renders as it renders
 * its own throttling: `slow_down` JSON on the OAuth endpoints, `too_many_requests` on the JSON
 * APIs, the error page in the browser — 429 with Retry-After everywhere.
 */
@Injectable()
export class FloodCeilingGuard extends ThrottlerGuard {
  protected override async getTracker(req: Record<string, unknown>): Promise<string> {
    return clientIp(req as unknown as HttpRequest);
  }

  protected override generateKey(_context: ExecutionContext, tracker: string): string {
    return tracker;
  }

  protected override async throwThrottlingException(_context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    throw new RateLimitedError('Too many requests from this address. Wait a while and try again.', Math.max(1, Math.ceil(detail.timeToBlockExpire)));
  }
}
