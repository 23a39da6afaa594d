import { InvalidClientRedirectError } from '@app/common';
import { checkRedirectUri } from './redirect-uri.check';
import { fakeClient, fakeContext } from './test-context';

function ctxFor(redirectUri: string | undefined, redirectUris = ['https://app.example/cb']) {
  const client = fakeClient({ redirectUris });
  const ctx = fakeContext({ redirectUri }, { client, verified: false });
  ctx.client = client;
  return ctx;
}

describe(checkRedirectUri.name, () => {
  it('#1 accepts the registered URI, exactly', () => {
    const ctx = ctxFor('https://app.example/cb');
    checkRedirectUri(ctx);
    expect(ctx).toMatchObject({ redirectUri: 'https://app.example/cb', redirectUriProvided: true });
  });

  it('uses the only registered URI when redirect_uri is omitted, and remembers it was omitted', () => {
    const ctx = ctxFor(undefined);
    checkRedirectUri(ctx);
    expect(ctx).toMatchObject({ redirectUri: 'https://app.example/cb', redirectUriProvided: false });
  });

  it('#2 requires redirect_uri when more than one is registered', () => {
    expect(() => checkRedirectUri(ctxFor(undefined, ['https://app.example/cb', 'https://app.example/cb2'])))
      .toThrow(InvalidClientRedirectError);
  });

  it.each([
    'https://app.example/cb/', 'https://app.example/cb?x=1', 'https://app.example/CB', 'https://app.example.evil/cb',
    'https://app.example@evil.example/cb', 'https://app.example/cb#frag', 'http://app.example/cb', 'https://app.example:8443/cb',
    'https://evil.example/cb',
  ])('#1 #2 refuses the near miss %s on the error page', (uri) => {
    expect(() => checkRedirectUri(ctxFor(uri))).toThrow(InvalidClientRedirectError);
  });

  it('lets only the port of a loopback IP vary (RFC 8252 §7.3)', () => {
    const ctx = ctxFor('http://127.0.0.1:51234/cb', ['http://127.0.0.1/cb']);
    checkRedirectUri(ctx);
    expect(ctx.redirectUri).toBe('http://127.0.0.1:51234/cb');
  });
});
