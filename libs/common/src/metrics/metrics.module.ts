import { MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { MetricsController } from './metrics.controller';
import { metrics } from './metrics';

@Module({ controllers: [MetricsController] })
export class MetricsModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    const requests = metrics().httpRequests;
    consumer.apply((_req: Request, res: Response, next: NextFunction) => {
      res.once('finish', () => requests.inc({ status: `${Math.floor(res.statusCode / 100)}xx` }));
      next();
    }).forRoutes('*');
  }
}
