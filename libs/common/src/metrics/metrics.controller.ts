import { Controller, Get, Inject, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { HttpReply, HttpRequest } from '../http/http-types';
import { APP_CONFIG, AppConfig } from '../config';
import { constantTimeEqual } from '../crypto';
import { UnauthenticatedError } from '../errors';
import { metrics } from './metrics';

/** Prometheus text format. With METRICS_TOKEN set, scrapers must send it as a bearer token. */
@ApiExcludeController()
@Controller()
export class MetricsController {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  @Get('metrics')
  async scrape(@Req() req: HttpRequest, @Res() res: HttpReply): Promise<void> {
    const token = this.config.server.metricsToken;
    if (token) {
      const given = (req.headers.authorization ?? '').replace(/^Bearer\s+/i, '');
      if (!constantTimeEqual(given, token)) throw new UnauthenticatedError('metrics need the METRICS_TOKEN bearer token');
    }
    const registry = metrics().registry;
    res.headers({ 'Content-Type': registry.contentType, 'Cache-Control': 'no-store' }).send(await registry.metrics());
  }
}
