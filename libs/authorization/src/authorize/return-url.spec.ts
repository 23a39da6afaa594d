import { authorizeReturnUrl, loginUrl } from './return-url';
import { STANDARD_PROFILE } from './dialect-profile';
import type { HttpRequest } from '@app/common';

const get = (url: string) => ({ method: 'GET', url }) as HttpRequest;

describe(authorizeReturnUrl.name, () => {
  it('repeats a GET request exactly as it came, repeated parameters included', () => {
    const url = '/oauth2/authorize?client_id=a&scope=x&scope=y&state=%2F%20';
    expect(authorizeReturnUrl(get(url), STANDARD_PROFILE)).toBe(url);
  });

  it("uses the dialect's return path with the same query", () => {
    expect(authorizeReturnUrl(get('/v1/oauth2/authorize?app_id=a'), { ...STANDARD_PROFILE, returnPath: '/oauth2/appToAppAuth' }))
      .toBe('/oauth2/appToAppAuth?app_id=a');
  });

  it('turns a POSTed form into the equivalent GET', () => {
    const req = { method: 'POST', url: '/oauth2/authorize', body: { client_id: 'a', scope: ['x', 'y'], state: 's t' } } as unknown as HttpRequest;
    expect(authorizeReturnUrl(req, STANDARD_PROFILE)).toBe('/oauth2/authorize?client_id=a&scope=x&scope=y&state=s+t');
  });
});

describe(loginUrl.name, () => {
  it('carries the return path, encoded', () => {
    expect(loginUrl('/oauth2/authorize?a=1&b=2')).toBe('/login?return_to=%2Foauth2%2Fauthorize%3Fa%3D1%26b%3D2');
  });
});
