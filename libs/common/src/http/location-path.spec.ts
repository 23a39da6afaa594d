import { encodeLocationPath } from './location-path';

describe(encodeLocationPath.name, () => {
  it.each([
    ['/中', '/%E4%B8%AD'],
    ['/a?q=é#ü', '/a?q=%C3%A9#%C3%BC'],
    ['/\u00a0', '/%C2%A0'],
    ['/😀', '/%F0%9F%98%80'],
    ['/already%20encoded?x=1&y=2', '/already%20encoded?x=1&y=2'],
  ])('encodes %p as %p', (input, expected) => {
    expect(encodeLocationPath(input)).toBe(expected);
  });

  it('gives null for a lone surrogate', () => {
    expect(encodeLocationPath('/a\uD800b')).toBeNull();
    expect(encodeLocationPath('/a\uDC00')).toBeNull();
  });
});
