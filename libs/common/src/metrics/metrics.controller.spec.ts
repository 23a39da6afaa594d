import { Logger } from '@nestjs/common';
import type { AppConfig } from '../config';
import { isLoopbackHost, MetricsController } from './metrics.controller';

describe(MetricsController.name, () => {
  afterEach(() => jest.restoreAllMocks());

  function controller(host: string, metricsToken?: string): MetricsController {
    return new MetricsController({ server: { host, metricsToken } } as unknown as AppConfig);
  }

  it('#6 warns at start when /metrics is closed (no METRICS_TOKEN, HOST not loopback)', () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    controller('0.0.0.0').onModuleInit();
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/METRICS_TOKEN.*HOST=0\.0\.0\.0.*\/metrics answers 403/));
  });

  it('#6 is silent on loopback or with a token', () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    controller('127.0.0.1').onModuleInit();
    controller('0.0.0.0', 'secret').onModuleInit();
    expect(warn).not.toHaveBeenCalled();
  });

  it.each(['127.0.0.1', '127.1.2.3', '::1', '[::1]', 'localhost', '::ffff:127.0.0.1'])('%s is loopback', (host) => {
    expect(isLoopbackHost(host)).toBe(true);
  });

  it.each(['0.0.0.0', '::', '10.0.0.1', '192.168.1.2', 'gatehouse.example', '128.0.0.1', '127.0.0.1.evil'])('%s is not loopback', (host) => {
    expect(isLoopbackHost(host)).toBe(false);
  });
});
