import { PairwiseSubject, UsersService } from '../../libs/accounts/src';
import { AccessTokenEntity } from '../../libs/persistence/src';
import { sha256Hex } from '../../libs/common/src';
import { startTestApp, TestApp } from '../support/app';
import { ALICE, BOB, createClient, createUser, TestClient } from '../support/fixtures';
import { clientCredentials, me, obtainTokens, refresh, revoke, sleep } from '../support/tokens';

describe('GET /api/v1/me (RFC 6750)', () => {
  let t: TestApp;
  let client: TestClient;
  let other: TestClient;
  let aliceId: string;
  beforeAll(async () => {
    t = await startTestApp();
    client = await createClient(t, { scope: 'user_id_read profile snsapi_login' });
    other = await createClient(t);
    aliceId = (await createUser(t, ALICE)).id;
  });
  afterAll(async () => { await t.close(); });

  describe('what the scopes allow', () => {
    it('user_id_read and profile: every field', async () => {
      const tokens = await obtainTokens(t, client, aliceId);
      const res = await me(t, tokens.access_token).expect(200);
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.body).toEqual({
        user_id: aliceId, openid: await t.app.get(PairwiseSubject).openidFor(aliceId, client.clientId),
        username: ALICE.username, display_name: ALICE.displayName,
      });
    });

    it('user_id_read only: user_id and openid', async () => {
      const tokens = await obtainTokens(t, client, aliceId, { scopes: ['user_id_read'] });
      expect(Object.keys((await me(t, tokens.access_token).expect(200)).body).sort()).toEqual(['openid', 'user_id']);
    });

    it('profile only: openid, username and display_name, never user_id', async () => {
      const tokens = await obtainTokens(t, client, aliceId, { scopes: ['profile'] });
      expect(Object.keys((await me(t, tokens.access_token).expect(200)).body).sort()).toEqual(['display_name', 'openid', 'username']);
    });

    it('#38 a token with neither scope → 403 insufficient_scope naming the scopes that would do', async () => {
      const tokens = await obtainTokens(t, client, aliceId, { scopes: ['snsapi_login'] });
      const res = await me(t, tokens.access_token).expect(403);
      expect(res.body.error).toBe('insufficient_scope');
      expect(res.headers['www-authenticate']).toMatch(/^Bearer realm="gatehouse", error="insufficient_scope", .*scope="user_id_read profile"/);
    });

    it('#38 a client_credentials token (no user) → 403 insufficient_scope', async () => {
      const { body } = await clientCredentials(t, other).expect(200);
      expect((await me(t, body.access_token).expect(403)).body.error).toBe('insufficient_scope');
    });

    it('openid is pairwise: stable for one client, different across clients', async () => {
      const a1 = (await me(t, (await obtainTokens(t, client, aliceId)).access_token).expect(200)).body.openid;
      const a2 = (await me(t, (await obtainTokens(t, client, aliceId)).access_token).expect(200)).body.openid;
      const b = (await me(t, (await obtainTokens(t, other, aliceId)).access_token).expect(200)).body.openid;
      expect(a1).toBe(a2);
      expect(b).not.toBe(a1);
      expect(a1).not.toContain(aliceId);
    });
  });

  describe('#38 bearer usage', () => {
    it('#38 ?access_token= is ignored here → 401 invalid_token', async () => {
      const tokens = await obtainTokens(t, client, aliceId);
      const res = await t.http().get(`/api/v1/me?access_token=${tokens.access_token}`).expect(401);
      expect(res.body.error).toBe('invalid_token');
      expect(res.headers['www-authenticate']).toMatch(/^Bearer realm="gatehouse", error="invalid_token"/);
    });

    it('#38 a missing token → 401 with WWW-Authenticate: Bearer error="invalid_token"', async () => {
      const res = await t.http().get('/api/v1/me').expect(401);
      expect(res.body.error).toBe('invalid_token');
      expect(res.headers['www-authenticate']).toMatch(/^Bearer realm="gatehouse", error="invalid_token"/);
      const basic = await t.http().get('/api/v1/me').set('Authorization', 'Basic YTpi').expect(401);
      expect(basic.headers['www-authenticate']).toMatch(/^Bearer realm="gatehouse", error="invalid_token"/);
    });

    it.each([
      ['an unknown token', 'Bearer gha_unknown'],
      ['a malformed header', 'Bearer'],
      ['a token with spaces', 'Bearer a b'],
      ['a refresh token', 'refresh'],
    ])('#38 %s → 401 with error="invalid_token"', async (_label, header) => {
      const value = header === 'refresh' ? `Bearer ${(await obtainTokens(t, client, aliceId)).refresh_token}` : header;
      const res = await t.http().get('/api/v1/me').set('Authorization', value).expect(401);
      expect(res.body.error).toBe('invalid_token');
      expect(res.headers['www-authenticate']).toMatch(/^Bearer realm="gatehouse", error="invalid_token", error_description="[^"]+"$/);
    });

    it('accepts the scheme in any case (RFC 7235 §2.1)', async () => {
      const tokens = await obtainTokens(t, client, aliceId);
      await t.http().get('/api/v1/me').set('Authorization', `bearer ${tokens.access_token}`).expect(200);
    });

    it('#38 a revoked token → 401 invalid_token', async () => {
      const tokens = await obtainTokens(t, client, aliceId);
      await revoke(t, client, tokens.access_token).expect(200);
      expect((await me(t, tokens.access_token).expect(401)).body.error).toBe('invalid_token');
    });
  });

  it('#37 records this API as the audience and rejects a token minted for another audience', async () => {
    const ours = await obtainTokens(t, client, aliceId);
    const repo = t.dataSource.getRepository(AccessTokenEntity);
    const row = await repo.findOneByOrFail({ tokenHash: sha256Hex(ours.access_token) });
    expect(row.audience).toBe(`${t.config.server.issuer}/api`);
    await me(t, ours.access_token).expect(200);
    // A token minted for another resource server (set before its first use here).
    const theirs = await obtainTokens(t, client, aliceId);
    await repo.update({ tokenHash: sha256Hex(theirs.access_token) }, { audience: 'https://other-resource.example/api' });
    const res = await me(t, theirs.access_token).expect(401);
    expect(res.body.error).toBe('invalid_token');
  });

  it('a disabled user\'s token → 401 invalid_token', async () => {
    const bob = await createUser(t, BOB);
    const tokens = await obtainTokens(t, client, bob.id);
    await me(t, tokens.access_token).expect(200);
    await t.app.get(UsersService).update(bob.id, { disabled: true }, { actor: 'test' });
    expect((await me(t, tokens.access_token).expect(401)).body.error).toBe('invalid_token');
  });

  it('is documented in Swagger under "Resource" with the access_token bearer scheme', async () => {
    const doc = (await t.http().get('/docs-json').expect(200)).body;
    const op = doc.paths['/api/v1/me'].get;
    expect(op.tags).toContain('Resource');
    expect(op.security).toEqual([{ access_token: [] }]);
    expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['200', '401', '403']));
  });
});

describe('the bearer cache (CACHE_MS): revocation here is immediate, elsewhere bounded', () => {
  let t: TestApp;
  let client: TestClient;
  let aliceId: string;
  const CACHE_MS = 400;
  beforeAll(async () => {
    // The feed polled rarely, so that only the bound can end a cached row's life here.
    t = await startTestApp({ env: { CACHE_MS: String(CACHE_MS), CHANGE_FEED_POLL_MS: '60000' } });
    client = await createClient(t, { scope: 'user_id_read profile' });
    aliceId = (await createUser(t, ALICE)).id;
  });
  afterAll(async () => { await t.close(); });

  /** A token that has just been accepted, so that its row is in the cache. */
  async function usedToken(): Promise<{ access_token: string; refresh_token: string }> {
    const tokens = await obtainTokens(t, client, aliceId);
    await me(t, tokens.access_token).expect(200);
    await me(t, tokens.access_token).expect(200);
    return { access_token: tokens.access_token, refresh_token: tokens.refresh_token ?? '' };
  }
  const rejected = async (token: string) => expect((await me(t, token).expect(401)).body.error).toBe('invalid_token');

  it('RFC 7009 revocation of the access token: rejected at the very next call', async () => {
    const tokens = await usedToken();
    await revoke(t, client, tokens.access_token).expect(200);
    await rejected(tokens.access_token);
  });

  it('RFC 7009 revocation of the refresh token takes its access tokens along at once', async () => {
    const tokens = await usedToken();
    await revoke(t, client, tokens.refresh_token).expect(200);
    await rejected(tokens.access_token);
  });

  it('refresh rotation retires the previous access token at once', async () => {
    const tokens = await usedToken();
    await refresh(t, client, tokens.refresh_token).expect(200);
    await rejected(tokens.access_token);
  });

  it('suspending the channel and revoking the consent reject its tokens at once', async () => {
    const { ClientLifecycle } = await import('../../libs/clients/src');
    const { Consents } = await import('../../libs/authorization/src');
    const ownClient = await createClient(t, { scope: 'user_id_read' });
    await t.app.get(Consents).grant(aliceId, ownClient.clientId, ['user_id_read'], { actor: 'test' });
    const viaConsent = await obtainTokens(t, ownClient, aliceId, { scopes: ['user_id_read'] });
    await me(t, viaConsent.access_token).expect(200);
    expect(await t.app.get(Consents).revoke(aliceId, ownClient.clientId, { actor: 'test' })).toBe(true);
    await rejected(viaConsent.access_token);
    const viaSuspension = await obtainTokens(t, ownClient, aliceId, { scopes: ['user_id_read'] });
    await me(t, viaSuspension.access_token).expect(200);
    await t.app.get(ClientLifecycle).suspend(ownClient.clientId, 'test', { actor: 'test' });
    await rejected(viaSuspension.access_token);
  });

  it('a revocation written straight into the database (no feed event) applies within CACHE_MS', async () => {
    const tokens = await usedToken();
    await t.dataSource.getRepository(AccessTokenEntity).update({ tokenHash: sha256Hex(tokens.access_token) }, { revokedAt: new Date() });
    await me(t, tokens.access_token).expect(200); // still the row this instance read a moment ago
    await sleep(CACHE_MS + 100);
    await rejected(tokens.access_token);
  });

  it('BEARER_CACHE_MS=0 (the old name) reads the row on every call', async () => {
    const t0 = await startTestApp({ env: { BEARER_CACHE_MS: '0' } });
    try {
      const c = await createClient(t0, { scope: 'user_id_read' });
      const tokens = await obtainTokens(t0, c, (await createUser(t0, ALICE)).id);
      await me(t0, tokens.access_token).expect(200);
      await t0.dataSource.getRepository(AccessTokenEntity).update({ tokenHash: sha256Hex(tokens.access_token) }, { revokedAt: new Date() });
      expect((await me(t0, tokens.access_token).expect(401)).body.error).toBe('invalid_token');
    } finally {
      await t0.close();
    }
  });
});

describe('#38 expired access tokens at the resource API', () => {
  it('#38 a token past ACCESS_TOKEN_TTL=1 → 401 invalid_token', async () => {
    const t = await startTestApp({ env: { ACCESS_TOKEN_TTL: '1' } });
    try {
      const client = await createClient(t);
      const tokens = await obtainTokens(t, client, (await createUser(t, ALICE)).id);
      await me(t, tokens.access_token).expect(200);
      await sleep(1100);
      const res = await me(t, tokens.access_token).expect(401);
      expect(res.body.error).toBe('invalid_token');
      expect(res.headers['www-authenticate']).toContain('error="invalid_token"');
    } finally {
      await t.close();
    }
  });
});
