import { attributeValue } from './login-flow';

describe(attributeValue.name, () => {
  it('escapes what a double-quoted attribute needs and keeps "=" readable', () => {
    expect(attributeValue('/oauth2/authorize?a=1&b="x"<y>\'')).toBe('/oauth2/authorize?a=1&amp;b=&quot;x&quot;&lt;y&gt;&#39;');
  });

  it('cannot be broken out of', () => {
    expect(attributeValue('"><script>alert(1)</script>')).not.toMatch(/["<>]/);
  });
});
