import { AccessTokenEntity, AuthorizationCodeEntity, RefreshTokenEntity } from '../../libs/persistence/src';
import { sha256Hex } from '../../libs/common/src';
import { startTestApp, TestApp } from '../support/app';
import { ALICE, createClient, createUser, TestClient } from '../support/fixtures';
import { clientCredentials, introspect, issueCode, me, obtainTokens, redeemCode, refresh } from '../support/tokens';

/** Concurrency of code redemption and refresh-token use, with real parallel HTTP requests. */
describe('token races', () => {
  let t: TestApp;
  let client: TestClient;
  let aliceId: string;
  beforeAll(async () => {
    t = await startTestApp();
    client = await createClient(t);
    aliceId = (await createUser(t, ALICE)).id;
  });
  afterAll(async () => { await t.close(); });

  it('#19 of 20 parallel redemptions of one code exactly one answers 200, the rest invalid_grant', async () => {
    const code = await issueCode(t, client, aliceId);
    const results = await Promise.all(Array.from({ length: 20 }, () => redeemCode(t, client, code)));
    const ok = results.filter((r) => r.status === 200);
    expect(ok).toHaveLength(1);
    for (const r of results.filter((x) => x.status !== 200)) {
      expect(r.status).toBe(400);
      expect(r.body.error).toBe('invalid_grant');
    }
    const row = await t.dataSource.getRepository(AuthorizationCodeEntity).findOneByOrFail({ codeHash: sha256Hex(code) });
    expect(await t.dataSource.getRepository(AccessTokenEntity).countBy({ grantId: row.grantId })).toBe(1);
    expect(await t.dataSource.getRepository(RefreshTokenEntity).countBy({ grantId: row.grantId })).toBe(1);
  });

  it('#18 #19 the losers of the race revoke what the winner was issued', async () => {
    const code = await issueCode(t, client, aliceId);
    const results = await Promise.all(Array.from({ length: 20 }, () => redeemCode(t, client, code)));
    const winner = results.find((r) => r.status === 200)!.body;
    expect((await introspect(t, client, winner.access_token).expect(200)).body).toEqual({ active: false });
    expect((await introspect(t, client, winner.refresh_token).expect(200)).body).toEqual({ active: false });
    await me(t, winner.access_token).expect(401);
  });

  it('#19 #31 parallel uses of one refresh token: exactly one success and no second valid branch of the family', async () => {
    const first = await obtainTokens(t, client, aliceId);
    const results = await Promise.all(Array.from({ length: 10 }, () => refresh(t, client, first.refresh_token!)));
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    for (const r of results.filter((x) => x.status !== 200)) expect(r.body.error).toBe('invalid_grant');

    const repo = t.dataSource.getRepository(RefreshTokenEntity);
    const parent = await repo.findOneByOrFail({ tokenHash: sha256Hex(first.refresh_token!) });
    expect(await repo.countBy({ parentId: parent.id })).toBe(1);
    const family = await repo.findBy({ grantId: parent.grantId });
    expect(family.filter((rt) => !rt.revokedAt && !rt.rotatedAt).length).toBeLessThanOrEqual(1);
  });

  it('one refresh among many requests with one-shot tokens of the same client keeps every other family intact', async () => {
    const families = await Promise.all(Array.from({ length: 8 }, () => obtainTokens(t, client, aliceId)));
    const rotated = await Promise.all(families.map((f) => refresh(t, client, f.refresh_token!)));
    for (const r of rotated) expect(r.status).toBe(200);
    for (const r of rotated) await me(t, r.body.access_token).expect(200);
  });

  it('20 parallel client_credentials requests each get a distinct working token', async () => {
    const results = await Promise.all(Array.from({ length: 20 }, () => clientCredentials(t, client)));
    expect(results.every((r) => r.status === 200)).toBe(true);
    expect(new Set(results.map((r) => r.body.access_token)).size).toBe(20);
  });
});
