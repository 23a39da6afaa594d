import { safeReturnTo } from './return-to';

describe(safeReturnTo.name, () => {
  it.each([
    '/',
    '/account/grants',
    '/oauth2/authorize?response_type=code&client_id=abc&redirect_uri=https%3A%2F%2Fapp.example%2Fcb&state=x',
    '/authorize.html?channel_id=c1',
  ])('keeps the relative path %s', (path) => {
    expect(safeReturnTo(path)).toBe(path);
  });

  it.each([
    '//evil.example',
    '//evil.example/path',
    '/\\evil.example',
    '/\\/evil.example',
    'https://evil.example',
    'http:/evil.example',
    'javascript:alert(1)',
    'evil.example',
    '\\\\evil.example',
    '/\t/evil.example',
    '/\n/evil.example',
    ' /account',
    '/account\\..\\x',
    '',
    'x'.repeat(10),
  ])('#6 refuses %p and falls back to "/"', (value) => {
    expect(safeReturnTo(value)).toBe('/');
  });

  it('refuses non-strings and absurd lengths', () => {
    expect(safeReturnTo(undefined)).toBe('/');
    expect(safeReturnTo(['/a', '/b'])).toBe('/');
    expect(safeReturnTo(`/${'a'.repeat(9000)}`)).toBe('/');
  });

  it('#4 percent-encodes characters outside ASCII (issue 14), and falls back to "/" when it cannot', () => {
    expect(safeReturnTo('/中?q=é')).toBe('/%E4%B8%AD?q=%C3%A9');
    expect(safeReturnTo('/a\u00a0b')).toBe('/a%C2%A0b');
    expect(safeReturnTo('/a\uD800b')).toBe('/');
  });
});
