import { Writable } from 'node:stream';
import pino from 'pino';
import { RequestLogger } from './request-logger';

function capture(level: string) {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({ write(chunk, _enc, done) { lines.push(JSON.parse(String(chunk))); done(); } });
  return { lines, logger: pino({ level }, stream) };
}

describe(RequestLogger.name, () => {
  it('makes no child while nothing is logged at an enabled level', () => {
    const { logger } = capture('warn');
    const child = jest.spyOn(logger, 'child');
    const log = new RequestLogger(logger, { reqId: 'r1' }, {});
    log.info({ a: 1 }, 'not written');
    log.debug('not written');
    expect(child).not.toHaveBeenCalled();
  });

  it('writes the same line as a pino child with the request id', () => {
    const { logger, lines } = capture('info');
    new RequestLogger(logger, { reqId: 'r1' }, {}).warn({ res: { statusCode: 404 } }, 'request completed');
    logger.child({ reqId: 'r1' }).warn({ res: { statusCode: 404 } }, 'request completed');
    expect(lines).toHaveLength(2);
    const [lazy, eager] = lines.map(({ time: _time, ...rest }) => rest);
    expect(lazy).toEqual(eager);
    expect(lazy).toMatchObject({ reqId: 'r1', msg: 'request completed', level: 40 });
  });
});
