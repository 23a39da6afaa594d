import { neverExpiringTokens, sopGatewayLifetimes } from './token-permanence';

describe('token permanence (seed 003)', () => {
  it('gives a channel without lifetimes of its own permanent tokens on the SOP gateway; an operator value wins', () => {
    expect(sopGatewayLifetimes({ accessTokenTtl: null, refreshTokenTtl: null })).toEqual({ accessTokenTtl: -1, refreshTokenTtl: -1 });
    expect(sopGatewayLifetimes({ accessTokenTtl: 7200, refreshTokenTtl: null })).toEqual({ accessTokenTtl: 7200, refreshTokenTtl: -1 });
    expect(sopGatewayLifetimes({ accessTokenTtl: 3600, refreshTokenTtl: 86400 })).toEqual({ accessTokenTtl: 3600, refreshTokenTtl: 86400 });
  });

  it('says where tokens never expire', () => {
    expect(neverExpiringTokens({ accessTokenTtl: -1, refreshTokenTtl: null, sopPublicKey: null })).toBe('everywhere');
    expect(neverExpiringTokens({ accessTokenTtl: 60, refreshTokenTtl: -1, sopPublicKey: 'PEM' })).toBe('everywhere');
    expect(neverExpiringTokens({ accessTokenTtl: null, refreshTokenTtl: null, sopPublicKey: 'PEM' })).toBe('sop_gateway');
    expect(neverExpiringTokens({ accessTokenTtl: 60, refreshTokenTtl: null, sopPublicKey: 'PEM' })).toBe('sop_gateway');
    expect(neverExpiringTokens({ accessTokenTtl: 60, refreshTokenTtl: 120, sopPublicKey: 'PEM' })).toBeNull();
    expect(neverExpiringTokens({ accessTokenTtl: null, refreshTokenTtl: null, sopPublicKey: null })).toBeNull();
  });
});
