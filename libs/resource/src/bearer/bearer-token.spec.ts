import { presentedBearer } from './bearer-token';
import type { HttpRequest } from '@app/common';

const req = (authorization?: string, query: Record<string, unknown> = {}) => ({ headers: { authorization }, query }) as unknown as HttpRequest;

describe(presentedBearer.name, () => {
  it('reads an RFC 6750 §2.1 header, the scheme in any case', () => {
    expect(presentedBearer(req('Bearer gha_abc-._~+/='), false)).toEqual({ token: 'gha_abc-._~+/=' });
    expect(presentedBearer(req('BEARER  gha_x'), false)).toEqual({ token: 'gha_x' });
  });

  it('calls a Bearer header that is not a b64token malformed', () => {
    expect(presentedBearer(req('Bearer'), false)).toEqual({ token: null, malformed: true });
    expect(presentedBearer(req('Bearer a b'), false)).toEqual({ token: null, malformed: true });
    expect(presentedBearer(req('Bearer a"b'), false)).toEqual({ token: null, malformed: true });
  });

  it('treats other schemes as no token at all', () => {
    expect(presentedBearer(req('Basic YTpi'), false)).toEqual({ token: null, malformed: false });
    expect(presentedBearer(req('Bearerish x'), false)).toEqual({ token: null, malformed: false });
  });

  it('#38 ignores ?access_token= unless the route accepts it', () => {
    expect(presentedBearer(req(undefined, { access_token: 'gha_q' }), false)).toEqual({ token: null, malformed: false });
    expect(presentedBearer(req(undefined, { access_token: 'gha_q' }), true)).toEqual({ token: 'gha_q' });
    expect(presentedBearer(req(undefined, { access_token: ['a', 'b'] }), true)).toEqual({ token: null, malformed: true });
  });

  it('prefers the header when a route accepts both', () => {
    expect(presentedBearer(req('Bearer gha_h', { access_token: 'gha_q' }), true)).toEqual({ token: 'gha_h' });
  });
});
