import { InvalidClientRedirectError } from '@app/common';
import { readAuthorizeParams, standardAuthorizeRequest } from './authorize-request';

describe(readAuthorizeParams.name, () => {
  it('keeps single strings, drops empty ones and remembers repeated ones', () => {
    expect(readAuthorizeParams({ a: '1', b: '', c: ['x', 'y'], d: undefined })).toEqual({ params: { a: '1' }, repeated: ['c'] });
  });

  it('fails at once, for the error page, when a parameter naming the client or its redirect_uri is repeated', () => {
    expect(() => readAuthorizeParams({ client_id: ['a', 'b'] })).toThrow(InvalidClientRedirectError);
    expect(() => readAuthorizeParams({ redirect_uri: ['a', 'b'] })).toThrow(InvalidClientRedirectError);
    expect(() => readAuthorizeParams({ channel_id: ['a', 'b'] }, ['channel_id'])).toThrow(InvalidClientRedirectError);
  });

  it('treats a structured value like a repeated one', () => {
    expect(readAuthorizeParams({ scope: { a: 1 } }).repeated).toEqual(['scope']);
  });
});

describe(standardAuthorizeRequest.name, () => {
  it('maps the RFC wire names and ignores unknown parameters', () => {
    expect(standardAuthorizeRequest({
      response_type: 'code', client_id: 'c', redirect_uri: 'https://a/cb', scope: 'x y', state: 's', code_challenge: 'cc',
      code_challenge_method: 'S256', prompt: 'none', nonce: 'n', foo: 'bar',
    })).toEqual({
      responseType: 'code', clientId: 'c', redirectUri: 'https://a/cb', scope: 'x y', scopeSeparator: ' ', state: 's',
      codeChallenge: 'cc', codeChallengeMethod: 'S256', prompt: 'none', nonce: 'n', repeated: [],
    });
  });
});
