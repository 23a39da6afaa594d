import { Controller, Get, Inject, Logger, OnModuleInit, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { HttpReply, HttpRequest } from '../http/http-types';
import { APP_CONFIG, AppConfig } from '../config';
import { constantTimeEqual } from '../crypto';
import { ForbiddenError, UnauthenticatedError } from '../errors';
import { metrics } from './metrics';

/**
 * Prometheus text format. With METRICS_TOKEN set, scrapers must send it as a bearer token.
 * Without it the metrics are open only when HOST is a loopback address (only this machine can
 * reach them); on any other HOST (the container's 0.0.0.0) /metrics answers 403 until an
 * operator sets METRICS_TOKEN (issue 14 #6), and the start-up log says so.
 */
@ApiExcludeController()
@Controller()
export class MetricsController implements OnModuleInit {
  private readonly logger = new Logger('Metrics');

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  onModuleInit(): void {
    if (this.closed()) {
      this.logger.warn(`METRICS_TOKEN is not set and HOST=${this.config.server.host} is not a loopback address: /metrics answers 403 until METRICS_TOKEN is set`);
    }
  }

  @Get('metrics')
  async scrape(@Req() req: HttpRequest, @Res() res: HttpReply): Promise<void> {
    const token = this.config.server.metricsToken;
    if (token) {
      const given = (req.headers.authorization ?? '').replace(/^Bearer\s+/i, '');
      if (!constantTimeEqual(given, token)) throw new UnauthenticatedError('metrics need the METRICS_TOKEN bearer token');
    } else if (this.closed()) {
      throw new ForbiddenError('metrics are served on a non-loopback HOST only with METRICS_TOKEN set (then as a bearer token)');
    }
    const registry = metrics().registry;
    res.headers({ 'Content-Type': registry.contentType, 'Cache-Control': 'no-store' }).send(await registry.metrics());
  }

  private closed(): boolean {
    return !this.config.server.metricsToken && !isLoopbackHost(this.config.server.host);
  }
}

/** 127.0.0.0/8, ::1 (bracketed or not, or IPv4-mapped) and localhost: reachable from this machine only. */
export function isLoopbackHost(host: string): boolean {
  const h = host.trim().toLowerCase().replace(/^\[(.*)\]$/, '$1');
  if (h === 'localhost' || h === '::1' || h === '0:0:0:0:0:0:0:1') return true;
  return /^(::ffff:)?127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}
