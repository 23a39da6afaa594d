import { InvalidClientRedirectError, InvalidRequestError, InvalidScopeError, UnsupportedResponseTypeError } from '@app/common';
import { CLIENT_CHECKS, REQUEST_CHECKS, runChecks } from '.';
import { fakeClient, fakeContext } from './test-context';

describe('authorize check order', () => {
  it('reads like the RFC', () => {
    expect(CLIENT_CHECKS.map((c) => c.name)).toEqual(['checkClient', 'checkRedirectUri']);
    expect(REQUEST_CHECKS.map((c) => c.name)).toEqual([
      'checkParameters', 'checkState', 'checkResponseType', 'checkScope', 'checkPkce', 'checkPrompt', 'checkMaxAge', 'checkNonce',
    ]);
  });

  it('reports the client before the redirect_uri', () => {
    const ctx = fakeContext({ redirectUri: 'https://evil.example/cb' }, { client: fakeClient({ status: 'pending' }), verified: false });
    expect(() => runChecks(CLIENT_CHECKS, ctx)).toThrow('not approved');
  });

  it('reports the redirect_uri before anything the request carries', () => {
    const ctx = fakeContext({ redirectUri: 'https://evil.example/cb', responseType: 'token' }, { verified: false });
    expect(() => runChecks(CLIENT_CHECKS, ctx)).toThrow(InvalidClientRedirectError);
  });

  it('reports response_type before scope, and scope before PKCE', () => {
    expect(() => runChecks(REQUEST_CHECKS, fakeContext({ responseType: 'token', scope: 'nope' }))).toThrow(UnsupportedResponseTypeError);
    expect(() => runChecks(REQUEST_CHECKS, fakeContext({ responseType: 'code', scope: 'nope', codeChallengeMethod: 'plain' })))
      .toThrow(InvalidScopeError);
  });

  it('reports repeated parameters first', () => {
    expect(() => runChecks(REQUEST_CHECKS, fakeContext({ responseType: 'token', repeated: ['scope'] }))).toThrow(InvalidRequestError);
  });
});
