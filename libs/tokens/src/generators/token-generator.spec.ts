import { loadConfig } from '@app/common';
import type { Client } from '@app/clients';
import { OpaqueAccessTokenFormat } from './opaque-access-token.format';
import { TokenGenerator } from './token-generator';

const client = {
  clientId: 'client-1', accessTokenTtl: null, refreshTokenTtl: null, tokenFormat: 'opaque',
} as unknown as Client;

describe(TokenGenerator.name, () => {
  const generator = new TokenGenerator(loadConfig({ DATABASE_URL: 'sqlite::memory:' }), [new OpaqueAccessTokenFormat()]);
  const mint = (at: number) => generator.generate({
    client, userId: 'user-1', scopes: ['profile'], grantId: 'g', refresh: { scopes: ['profile'] },
  }, new Date(at));

  it('gives rows time-ordered ids, so that new tokens append to the id indexes of tables with millions of rows', async () => {
    const earlier = await mint(1_700_000_000_000);
    const later = await mint(1_700_000_000_001);
    const v7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    for (const t of [earlier, later]) {
      expect(t.access.row.id).toMatch(v7);
      expect(t.refresh!.row.id).toMatch(v7);
      expect(t.access.row.refreshTokenId).toBe(t.refresh!.row.id);
    }
    expect(earlier.access.row.id < later.access.row.id).toBe(true);
    expect(earlier.refresh!.row.id < later.refresh!.row.id).toBe(true);
    expect(earlier.access.row.id).not.toBe(earlier.refresh!.row.id);
  });
});
