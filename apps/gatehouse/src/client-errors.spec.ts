import { requestTarget } from './client-errors';

describe('requestTarget', () => {
  it('reads the target of the request line, raw bytes included', () => {
    const raw = Buffer.concat([Buffer.from('GET /client/add?clientName='), Buffer.from('应用', 'utf8'), Buffer.from(' HTTP/1.1\r\nHost: x\r\n\r\n')]);
    expect(requestTarget(raw)?.split('?')[0]).toBe('/client/add');
    expect(requestTarget(Buffer.from('POST /oauth2/token HTTP/1.1\r\n'))).toBe('/oauth2/token');
  });

  it('gives null for anything that is not a request line', () => {
    expect(requestTarget(undefined)).toBeNull();
    expect(requestTarget({ type: 'Buffer', data: [] })).toBeNull();
    expect(requestTarget(Buffer.from('garbage'))).toBeNull();
  });
});
