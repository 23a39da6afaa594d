import { ValidationError } from '@app/common';
import { redirectUriMatches, validateRedirectUri } from './redirect-uri.policy';

describe('redirect URI policy', () => {
  describe(validateRedirectUri.name, () => {
    it.each([
      'https://app.example/cb',
      'https://app.example:8443/cb?x=1',
      'http://127.0.0.1/cb',
      'http://127.0.0.1:8080/cb',
      'http://[::1]:9000/cb',
      'http://localhost:3000/callback',
      'com.example.app:/oauth2redirect',
    ])('accepts %s', (uri) => {
      expect(validateRedirectUri(uri)).toBe(uri);
    });

    it.each([
      ['http://app.example/cb', 'https'],
      ['https://app.example/cb#frag', 'fragment'],
      ['https://*.example/cb', 'wildcard'],
      ['/cb', 'absolute'],
      ['app.example/cb', 'absolute'],
      ['javascript:alert(1)', 'forbidden scheme'],
      ['https://user:pw@app.example/cb', 'user information'],
      ['myapp:/cb', 'reverse-domain'],
      ['com.example.app:/', 'full path'],
      ['https://app.example/c b', 'white space'],
      ['https://app.example/caf\u00e9', 'printable ASCII'],
      ['https://app.example/\u0000cb', 'printable ASCII'],
    ])('rejects %s (%s)', (uri, reason) => {
      expect(() => validateRedirectUri(uri)).toThrow(ValidationError);
      expect(() => validateRedirectUri(uri)).toThrow(reason);
    });
  });

  describe(redirectUriMatches.name, () => {
    const registered = ['https://app.example/cb', 'http://127.0.0.1/native/cb', 'http://[::1]:1234/cb'];

    it('matches the exact string', () => {
      expect(redirectUriMatches(registered, 'https://app.example/cb')).toBe(true);
    });

    it.each([
      'https://app.example/cb/', 'https://app.example/cb?x=1', 'https://app.example/CB', 'https://APP.example/cb',
      'https://app.example.evil/cb', 'https://app.example@evil.example/cb', 'https://app.example/cb#frag',
      'http://app.example/cb', 'https://app.example:444/cb', 'https://app.example/cb%2F', 'https://app.example//cb',
    ])('refuses the near miss %s', (uri) => {
      expect(redirectUriMatches(registered, uri)).toBe(false);
    });

    it('lets only the port vary for loopback IP literals (RFC 8252 §7.3)', () => {
      expect(redirectUriMatches(registered, 'http://127.0.0.1:51234/native/cb')).toBe(true);
      expect(redirectUriMatches(registered, 'http://[::1]:4567/cb')).toBe(true);
      expect(redirectUriMatches(registered, 'http://127.0.0.1:51234/native/cb2')).toBe(false);
      expect(redirectUriMatches(registered, 'http://localhost:51234/native/cb')).toBe(false);
      expect(redirectUriMatches(registered, 'https://127.0.0.1:51234/native/cb')).toBe(false);
    });

    it('treats an explicit default port on loopback as just another port', () => {
      expect(redirectUriMatches(registered, 'http://127.0.0.1:80/native/cb')).toBe(true);
      expect(redirectUriMatches(['http://127.0.0.1:8080/cb'], 'http://127.0.0.1/cb')).toBe(true);
    });

    it('never lets user information or a different host hide behind a loopback prefix', () => {
      expect(redirectUriMatches(registered, 'http://127.0.0.1:1@evil.example/native/cb')).toBe(false);
      expect(redirectUriMatches(registered, 'http://127.0.0.1@evil.example/native/cb')).toBe(false);
      expect(redirectUriMatches(registered, 'http://127.0.0.1.evil.example/native/cb')).toBe(false);
      expect(redirectUriMatches(registered, 'http://127.0.0.1:51234/native/cb/../cb')).toBe(false);
    });
  });
});
