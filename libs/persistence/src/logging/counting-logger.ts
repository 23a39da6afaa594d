import { Logger as NestLogger } from '@nestjs/common';
import type { Logger } from 'typeorm';
import { metrics } from '@app/common';

/**
 * TypeORM logger that counts every statement (= one database round trip) for the
 * gatehouse_db_queries_total metric the benchmarks read, and reports failures and slow
 * statements without ever logging parameters (they may hold hashes or user data).
 */
export class CountingLogger implements Logger {
  private readonly logger = new NestLogger('Database');

  logQuery(): void {
    metrics().dbQueries.inc();
  }

  logQueryError(error: string | Error, query: string): void {
    metrics().dbQueries.inc();
    metrics().dbErrors.inc();
    this.logger.debug(`statement failed: ${error instanceof Error ? error.message : error} [${query.slice(0, 200)}]`);
  }

  logQuerySlow(time: number, query: string): void {
    metrics().slowQueries.observe(time / 1000);
    this.logger.warn(`slow statement (${time} ms): ${query.slice(0, 200)}`);
  }

  logSchemaBuild(): void {}

  logMigration(message: string): void {
    this.logger.log(message);
  }

  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    if (level === 'warn') this.logger.warn(String(message));
  }
}
