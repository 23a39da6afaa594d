import { constantTimeEqual, digestsEqual, sha256Hex } from './tokens';

describe(digestsEqual.name, () => {
  it('answers as constantTimeEqual does', () => {
    const d = sha256Hex('secret');
    const cases: [string, string][] = [[d, d], [d, sha256Hex('other')], [d, d.slice(1)], ['', ''], ['é', 'e'], [d, d.toUpperCase()]];
    for (const [a, b] of cases) expect(digestsEqual(a, b)).toBe(constantTimeEqual(a, b));
  });
});
