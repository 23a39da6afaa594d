import { Controller, Get } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';

const READY_TIMEOUT_MS = 1500;

/** Liveness (the process answers) and readiness (the database answers), for orchestrators. */
@ApiExcludeController()
@Controller()
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
  ) {}

  @Get('healthz')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /**
   * Red (503) within READY_TIMEOUT_MS when the database does not answer, even a frozen one: the
   * probe stops waiting then, and the ping behind it is itself bounded by the pool's acquire
   * timeout and the statement watchdog (watchdog/guarded-mysql2.ts), so it holds no connection
   * for longer than DB_QUERY_TIMEOUT_MS.
   */
  @Get('readyz')
  @HealthCheck()
  ready() {
    return this.health.check([() => this.db.pingCheck('database', { timeout: READY_TIMEOUT_MS })]);
  }
}
