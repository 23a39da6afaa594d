import { InvalidClientRedirectError } from '@app/common';
import { hintAudience, postLogoutLocation, readEndSessionParams } from './end-session-request';

describe('readEndSessionParams', () => {
  it('maps the wire names and reads confirm only as "yes"', () => {
    expect(readEndSessionParams({ id_token_hint: 'h', client_id: 'c', post_logout_redirect_uri: 'https://a.example/x', state: 's', confirm: 'yes', _csrf: 't' }))
      .toEqual({ idTokenHint: 'h', clientId: 'c', postLogoutRedirectUri: 'https://a.example/x', state: 's', confirmed: true, csrf: 't' });
    expect(readEndSessionParams({ confirm: 'true' }).confirmed).toBe(false);
  });

  it('refuses repeated and oversized parameters without a redirect', () => {
    expect(() => readEndSessionParams({ state: ['a', 'b'] })).toThrow(InvalidClientRedirectError);
    expect(() => readEndSessionParams({ client_id: 'x'.repeat(65) })).toThrow(InvalidClientRedirectError);
    expect(() => readEndSessionParams({ id_token_hint: 'x'.repeat(9000) })).toThrow(InvalidClientRedirectError);
  });
});

describe('postLogoutLocation', () => {
  it('adds state and keeps the registered query', () => {
    expect(postLogoutLocation('https://a.example/bye?x=1', 'a b&c')).toBe('https://a.example/bye?x=1&state=a+b%26c');
    expect(postLogoutLocation('https://a.example/bye', undefined)).toBe('https://a.example/bye');
  });
});

describe('hintAudience', () => {
  it('reads a single or list aud, else azp', () => {
    expect(hintAudience('c1', undefined)).toEqual(['c1']);
    expect(hintAudience(['c1', 2, 'c2'], undefined)).toEqual(['c1', 'c2']);
    expect(hintAudience(undefined, 'c3')).toEqual(['c3']);
    expect(hintAudience(undefined, undefined)).toEqual([]);
  });
});
