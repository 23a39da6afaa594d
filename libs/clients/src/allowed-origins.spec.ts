import { ValidationError } from '@app/common';
import { checkAllowedOrigins, defaultOrigins, effectiveOrigins, validateOrigin } from './allowed-origins';

describe('allowed origins', () => {
  it('accepts exact https origins and loopback http ones', () => {
    for (const o of ['https://spa.example', 'https://spa.example:8443', 'http://localhost:5173', 'http://127.0.0.1:4000', 'http://[::1]:3000']) {
      expect(validateOrigin(o)).toBe(o);
    }
  });

  it.each([
    'https://*.example', 'https://spa.example/', 'https://spa.example/app', 'https://SPA.example', 'https://spa.example:443',
    'http://spa.example', 'ftp://spa.example', 'null', '', 'https://user@spa.example', 'https://spa.example?x=1', 'spa.example',
  ])('refuses %j naming the field', (o) => {
    expect(() => validateOrigin(o)).toThrow(ValidationError);
    try { validateOrigin(o); } catch (e) { expect((e as ValidationError).message).toContain('allowed_origins'); }
  });

  it('null means the default, [] means none; duplicates collapse', () => {
    expect(checkAllowedOrigins(null)).toBeNull();
    expect(checkAllowedOrigins([])).toEqual([]);
    expect(checkAllowedOrigins(['https://a.example', 'https://a.example'])).toEqual(['https://a.example']);
    expect(() => checkAllowedOrigins('https://a.example')).toThrow(ValidationError);
  });

  it('defaults to the http(s) redirect URI origins of a public client only', () => {
    const uris = ['https://spa.example/cb', 'https://spa.example/other', 'http://127.0.0.1:5173/cb', 'com.example.app:/cb'];
    expect(defaultOrigins(uris, true)).toEqual(['https://spa.example', 'http://127.0.0.1:5173']);
    expect(defaultOrigins(uris, false)).toEqual([]);
    expect(effectiveOrigins(['https://x.example'], uris, true)).toEqual(['https://x.example']);
    expect(effectiveOrigins(null, uris, true)).toEqual(['https://spa.example', 'http://127.0.0.1:5173']);
  });
});
