import { PassThrough } from 'node:stream';
import { createRootLogger, logFormatFor, nestLoggerFor } from './root-logger';

function captured(level: string): { lines: () => Record<string, unknown>[]; nest: ReturnType<typeof nestLoggerFor> } {
  const chunks: string[] = [];
  const stream = new PassThrough();
  stream.on('data', (c: Buffer) => chunks.push(c.toString('utf8')));
  const nest = nestLoggerFor(createRootLogger({ level, stream }));
  return { nest, lines: () => chunks.join('').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>) };
}

describe(logFormatFor.name, () => {
  it('is human-readable on a terminal and JSON otherwise; LOG_FORMAT decides when set', () => {
    expect(logFormatFor({}, true)).toBe('pretty');
    expect(logFormatFor({}, false)).toBe('json');
    expect(logFormatFor({ LOG_FORMAT: 'json' }, true)).toBe('json');
    expect(logFormatFor({ LOG_FORMAT: 'pretty' }, false)).toBe('pretty');
    expect(logFormatFor({ LOG_FORMAT: 'bogus' }, false)).toBe('json');
  });
});

describe(nestLoggerFor.name, () => {
  // nestjs-pino keeps the first root logger it sees for the whole process, so one logger at debug.
  it("moves Nest's route-mapping and module lines to debug (hidden at the default info), keeps the others at info", async () => {
    const { nest, lines } = captured('debug');
    nest.log('Mapped {/api/v1/me, GET} route', 'RouterExplorer');
    nest.log('MeController {/api/v1}:', 'RoutesResolver');
    nest.log('AppModule dependencies initialized', 'InstanceLoader');
    nest.log('Nest application successfully started', 'NestApplication');
    await new Promise((r) => setImmediate(r));
    expect(lines().map((l) => [l.level, l.context])).toEqual([
      [20, 'RouterExplorer'], [20, 'RoutesResolver'], [20, 'InstanceLoader'], [30, 'NestApplication'],
    ]);
  });
});
