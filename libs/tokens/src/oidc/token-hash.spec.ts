import { accessTokenHash } from './token-hash';

describe('accessTokenHash', () => {
  it('matches the OIDC Core example (RS256: left half of SHA-256)', () => {
    // OIDC Core A.3/A.4 example pair.
    expect(accessTokenHash('jHkWEdUXMU1BwAsC4vtUsZwnNvTIxEl0z9K3vx5KF0Y', 'RS256')).toBe('77QmUPtjPfzWtF2AnpK9RQ');
  });

  it('uses SHA-512 for EdDSA', () => {
    expect(accessTokenHash('x', 'EdDSA')).toHaveLength(43);
    expect(accessTokenHash('x', 'ES256')).toHaveLength(22);
  });
});
