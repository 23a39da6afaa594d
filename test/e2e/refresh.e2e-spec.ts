import { UsersService } from '../../libs/accounts/src';
import { ConsentEvents } from '../../libs/authorization/src';
import { AccessTokenEntity, AuditEventEntity, RefreshTokenEntity, Transactions } from '../../libs/persistence/src';
import { sha256Hex } from '../../libs/common/src';
import { startTestApp, TestApp } from '../support/app';
import { ALICE, BOB, createClient, createUser, TestClient } from '../support/fixtures';
import { introspect, isActive, me, obtainTokens, refresh, sleep, tokenRequest } from '../support/tokens';

describe('grant_type=refresh_token (RFC 6749 §6, RFC 9700 §4.14.2)', () => {
  let t: TestApp;
  let client: TestClient;
  let other: TestClient;
  let aliceId: string;
  beforeAll(async () => {
    t = await startTestApp();
    client = await createClient(t);
    other = await createClient(t);
    aliceId = (await createUser(t, ALICE)).id;
  });
  afterAll(async () => { await t.close(); });

  it('refresh_token is required; an unknown one → invalid_grant', async () => {
    expect((await tokenRequest(t, client, { grant_type: 'refresh_token' }).expect(400)).body.error).toBe('invalid_request');
    expect((await refresh(t, client, 'ghr_unknown').expect(400)).body.error).toBe('invalid_grant');
  });

  describe('#30 rotation', () => {
    it('#30 each refresh returns a new refresh token and the previous one stops working', async () => {
      const first = await obtainTokens(t, client, aliceId);
      const res = await refresh(t, client, first.refresh_token!).expect(200);
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.body).toEqual({
        access_token: expect.stringMatching(/^gha_/), token_type: 'Bearer', expires_in: 3600,
        refresh_token: expect.stringMatching(/^ghr_/), scope: 'user_id_read profile',
      });
      expect(res.body.refresh_token).not.toBe(first.refresh_token);
      await me(t, res.body.access_token).expect(200);
      expect((await refresh(t, client, first.refresh_token!).expect(400)).body.error).toBe('invalid_grant');
    });

    it('#30 a public client rotates too', async () => {
      const pub = await createClient(t, { token_endpoint_auth_method: 'none', grant_types: ['authorization_code', 'refresh_token'] });
      const first = await obtainTokens(t, pub, aliceId);
      const second = (await refresh(t, pub, first.refresh_token!).expect(200)).body;
      expect(second.refresh_token).not.toBe(first.refresh_token);
      expect((await refresh(t, pub, first.refresh_token!).expect(400)).body.error).toBe('invalid_grant');
    });

    it('the access token of the rotated refresh token stops working at once by default (refresh_grace_seconds 0)', async () => {
      const first = await obtainTokens(t, client, aliceId);
      await refresh(t, client, first.refresh_token!).expect(200);
      await me(t, first.access_token).expect(401);
    });
  });

  describe('#31 reuse detection', () => {
    it('#31 replaying a rotated refresh token → invalid_grant, then the successor fails and every access token of the grant is inactive', async () => {
      const first = await obtainTokens(t, client, aliceId);
      const second = (await refresh(t, client, first.refresh_token!).expect(200)).body;
      expect((await refresh(t, client, first.refresh_token!).expect(400)).body.error).toBe('invalid_grant');
      expect((await refresh(t, client, second.refresh_token).expect(400)).body.error).toBe('invalid_grant');
      expect(await isActive(t, client, second.access_token)).toBe(false);
      expect(await isActive(t, client, first.access_token)).toBe(false);
      await me(t, second.access_token).expect(401);
      const rt = await t.dataSource.getRepository(RefreshTokenEntity).findOneByOrFail({ tokenHash: sha256Hex(second.refresh_token) });
      expect(await t.dataSource.getRepository(AuditEventEntity).findOneBy({ action: 'token.refresh_reuse_detected', targetId: rt.grantId })).not.toBeNull();
    });

    it('#31 reuse leaves the user\'s other grants alone', async () => {
      const victim = await obtainTokens(t, client, aliceId);
      const bystander = await obtainTokens(t, client, aliceId);
      await refresh(t, client, victim.refresh_token!).expect(200);
      await refresh(t, client, victim.refresh_token!).expect(400);
      await me(t, bystander.access_token).expect(200);
      await refresh(t, client, bystander.refresh_token!).expect(200);
    });
  });

  describe('#32 scope', () => {
    it('#32 omitting scope gives back the original scope', async () => {
      const first = await obtainTokens(t, client, aliceId);
      expect((await refresh(t, client, first.refresh_token!).expect(200)).body.scope).toBe('user_id_read profile');
    });

    it('#32 a narrower scope narrows the access token only; the grant keeps its original scope', async () => {
      const first = await obtainTokens(t, client, aliceId);
      const narrow = (await refresh(t, client, first.refresh_token!, { scope: 'profile' }).expect(200)).body;
      expect(narrow.scope).toBe('profile');
      const view = (await me(t, narrow.access_token).expect(200)).body;
      expect(view.user_id).toBeUndefined();
      expect((await refresh(t, client, narrow.refresh_token).expect(200)).body.scope).toBe('user_id_read profile');
    });

    it('#32 an extra scope → invalid_scope and the refresh token stays usable', async () => {
      const first = await obtainTokens(t, client, aliceId, { scopes: ['profile'] });
      for (const scope of ['profile user_id_read', 'snsapi_login', 'admin']) {
        expect((await refresh(t, client, first.refresh_token!, { scope }).expect(400)).body.error).toBe('invalid_scope');
      }
      expect((await refresh(t, client, first.refresh_token!, { scope: 'pro"file' }).expect(400)).body.error).toBe('invalid_scope');
      await refresh(t, client, first.refresh_token!).expect(200);
    });
  });

  it('#33 client B using client A\'s refresh token → invalid_grant, and A\'s token still works', async () => {
    const first = await obtainTokens(t, client, aliceId);
    expect((await refresh(t, other, first.refresh_token!).expect(400)).body.error).toBe('invalid_grant');
    await refresh(t, client, first.refresh_token!).expect(200);
  });

  describe('#34 revocation events', () => {
    it('#34 a password change kills every refresh and access token of the user', async () => {
      const bob = await createUser(t, BOB);
      const tokens = await obtainTokens(t, client, bob.id);
      const elsewhere = await obtainTokens(t, other, bob.id);
      const alices = await obtainTokens(t, client, aliceId);
      await t.app.get(UsersService).update(bob.id, { password: 'a-new-password-2' }, { actor: 'test' });
      expect((await refresh(t, client, tokens.refresh_token!).expect(400)).body.error).toBe('invalid_grant');
      expect((await refresh(t, other, elsewhere.refresh_token!).expect(400)).body.error).toBe('invalid_grant');
      await me(t, tokens.access_token).expect(401);
      await me(t, alices.access_token).expect(200);
    });

    it('#34 a disabled account cannot refresh', async () => {
      const carol = await createUser(t, { username: 'carol', password: 'carol-password-1' });
      const tokens = await obtainTokens(t, client, carol.id);
      await t.app.get(UsersService).update(carol.id, { disabled: true }, { actor: 'test' });
      expect((await refresh(t, client, tokens.refresh_token!).expect(400)).body.error).toBe('invalid_grant');
    });

    it('#34 a removed grant (consent revoked) kills the tokens of that user for that channel only', async () => {
      const here = await obtainTokens(t, client, aliceId);
      const there = await obtainTokens(t, other, aliceId);
      await t.app.get(Transactions).run((m) => t.app.get(ConsentEvents).emitRevoked(aliceId, client.clientId, m));
      expect((await refresh(t, client, here.refresh_token!).expect(400)).body.error).toBe('invalid_grant');
      await me(t, here.access_token).expect(401);
      await me(t, there.access_token).expect(200);
    });
  });

  describe('refresh_grace_seconds (seed 003)', () => {
    it('keeps the old access token working for the grace period after a refresh, and no longer', async () => {
      const graceful = await createClient(t, { refresh_grace_seconds: 600 });
      const first = await obtainTokens(t, graceful, aliceId);
      await refresh(t, graceful, first.refresh_token!).expect(200);
      await me(t, first.access_token).expect(200);
      const row = await t.dataSource.getRepository(AccessTokenEntity).findOneByOrFail({ tokenHash: sha256Hex(first.access_token) });
      expect(row.expiresAt!.getTime()).toBeLessThanOrEqual(Date.now() + 600_000);
      expect(row.expiresAt!.getTime()).toBeGreaterThan(Date.now() + 590_000);
    });

    it('is bounded: after the grace period the old token is gone', async () => {
      const brief = await createClient(t, { refresh_grace_seconds: 1 });
      const first = await obtainTokens(t, brief, aliceId);
      await refresh(t, brief, first.refresh_token!).expect(200);
      await me(t, first.access_token).expect(200);
      await sleep(1100);
      await me(t, first.access_token).expect(401);
    });

    it('#31 does not survive reuse detection', async () => {
      const graceful = await createClient(t, { refresh_grace_seconds: 600 });
      const first = await obtainTokens(t, graceful, aliceId);
      await refresh(t, graceful, first.refresh_token!).expect(200);
      await refresh(t, graceful, first.refresh_token!).expect(400);
      await me(t, first.access_token).expect(401);
    });
  });

  it('a family that never expires (refresh_token_ttl -1) keeps no expiry across rotations', async () => {
    const forever = await createClient(t, { refresh_token_ttl: -1 });
    const first = await obtainTokens(t, forever, aliceId);
    const second = (await refresh(t, forever, first.refresh_token!).expect(200)).body;
    const row = await t.dataSource.getRepository(RefreshTokenEntity).findOneByOrFail({ tokenHash: sha256Hex(second.refresh_token) });
    expect(row.expiresAt).toBeNull();
    expect(row.absoluteExpiresAt).toBeNull();
    expect((await introspect(t, forever, second.refresh_token).expect(200)).body.exp).toBeUndefined();
  });
});

describe('#34 refresh token expiry', () => {
  it('#34 a refresh token unused longer than REFRESH_IDLE_TTL fails', async () => {
    const t = await startTestApp({ env: { REFRESH_IDLE_TTL: '1' } });
    try {
      const client = await createClient(t);
      const aliceId = (await createUser(t, ALICE)).id;
      const first = await obtainTokens(t, client, aliceId);
      const second = (await refresh(t, client, first.refresh_token!).expect(200)).body;
      await sleep(1100);
      expect((await refresh(t, client, second.refresh_token).expect(400)).body.error).toBe('invalid_grant');
    } finally {
      await t.close();
    }
  });

  it('#34 rotation never extends the absolute lifetime (REFRESH_TOKEN_TTL)', async () => {
    const t = await startTestApp({ env: { REFRESH_TOKEN_TTL: '2' } });
    try {
      const client = await createClient(t);
      const aliceId = (await createUser(t, ALICE)).id;
      const first = await obtainTokens(t, client, aliceId);
      await sleep(1000);
      const second = (await refresh(t, client, first.refresh_token!).expect(200)).body;
      await sleep(1100);
      const res = await refresh(t, client, second.refresh_token).expect(400);
      expect(res.body.error).toBe('invalid_grant');
      expect(res.body.error_description).toMatch(/expired/);
    } finally {
      await t.close();
    }
  });
});
