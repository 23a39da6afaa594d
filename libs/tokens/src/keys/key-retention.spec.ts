import { ID_TOKEN_TTL_SECONDS, KEY_CACHE_SECONDS, publishedUntil } from './key-retention';

describe('publishedUntil', () => {
  const retiredAt = new Date('2030-01-01T00:00:00.000Z');
  const after = (s: number) => new Date(retiredAt.getTime() + s * 1000);

  it('keeps a retired key until the longest token lifetime has passed', () => {
    expect(publishedUntil({ retiredAt, neverExpiring: false, accessTokenTtl: 3600 })).toEqual(after(KEY_CACHE_SECONDS + 3600));
    expect(publishedUntil({ retiredAt, neverExpiring: false, accessTokenTtl: 1 })).toEqual(after(KEY_CACHE_SECONDS + ID_TOKEN_TTL_SECONDS));
  });

  it('waits for a longer-lived access token it signed', () => {
    expect(publishedUntil({ retiredAt, latestAccessTokenExpiry: after(86_400), neverExpiring: false, accessTokenTtl: 60 }))
      .toEqual(after(86_400 + KEY_CACHE_SECONDS));
  });

  it('keeps it for good when one of its tokens never expires', () => {
    expect(publishedUntil({ retiredAt, neverExpiring: true, accessTokenTtl: 60 })).toBeNull();
  });
});
