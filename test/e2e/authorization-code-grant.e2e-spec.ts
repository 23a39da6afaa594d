import { UsersService } from '../../libs/accounts/src';
import { ClientRegistry } from '../../libs/clients/src';
import { AccessTokenEntity, AuditEventEntity } from '../../libs/persistence/src';
import { sha256Hex } from '../../libs/common/src';
import { TokenService } from '../../libs/tokens/src';
import { startTestApp, TestApp } from '../support/app';
import { ALICE, BOB, createClient, createUser, TestClient } from '../support/fixtures';
import {
  introspect, issueCode, me, OAUTH4WEBAPI_PRELUDE, pkcePair, redeemCode, refresh, runEsm, sleep, tokenRequest,
} from '../support/tokens';

describe('grant_type=authorization_code (RFC 6749 §4.1.3)', () => {
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

  it('a code issued while another request\'s transaction is open survives that transaction\'s rollback', async () => {
    const { Transactions } = await import('../../libs/persistence/src');
    let inside!: () => void;
    const entered = new Promise<void>((r) => (inside = r));
    let fail!: () => void;
    const failing = t.app.get(Transactions).run(async () => {
      inside();
      await new Promise<void>((r) => (fail = r));
      throw new Error('rolled back');
    });
    await entered;
    const issuing = issueCode(t, client, aliceId, { scopes: ['profile'] });
    await sleep(20);
    fail();
    await expect(failing).rejects.toThrow('rolled back');
    await redeemCode(t, client, await issuing).expect(200);
  });

  it('redeems a code for an access token and a refresh token that work', async () => {
    const code = await issueCode(t, client, aliceId, { scopes: ['profile'] });
    const res = await redeemCode(t, client, code).expect(200);
    expect(res.body).toEqual({
      access_token: expect.stringMatching(/^gha_/), token_type: 'Bearer', expires_in: 3600,
      refresh_token: expect.stringMatching(/^ghr_/), scope: 'profile',
    });
    const profile = await me(t, res.body.access_token).expect(200);
    expect(profile.body.username).toBe(ALICE.username);
    await refresh(t, client, res.body.refresh_token).expect(200);
  });

  it('accepts client_secret_post', async () => {
    const code = await issueCode(t, client, aliceId);
    await t.http().post('/oauth2/token').type('form').send({
      grant_type: 'authorization_code', code, redirect_uri: client.redirectUri, client_id: client.clientId, client_secret: client.clientSecret!,
    }).expect(200);
  });

  it('records the audience, the user, the grant and a hash on the access token row', async () => {
    const code = await issueCode(t, client, aliceId);
    const { body } = await redeemCode(t, client, code).expect(200);
    const row = await t.dataSource.getRepository(AccessTokenEntity).findOneByOrFail({ tokenHash: sha256Hex(body.access_token) });
    expect(row).toMatchObject({ clientId: client.clientId, userId: aliceId, audience: `${t.config.server.issuer}/api`, revokedAt: null });
    expect(row.grantId).toEqual(expect.any(String));
  });

  it('missing code → invalid_request; unknown code → invalid_grant', async () => {
    expect((await tokenRequest(t, client, { grant_type: 'authorization_code', redirect_uri: client.redirectUri }).expect(400)).body.error).toBe('invalid_request');
    expect((await redeemCode(t, client, 'ghc_unknown').expect(400)).body.error).toBe('invalid_grant');
    expect((await redeemCode(t, client, 'x'.repeat(1000)).expect(400)).body.error).toBe('invalid_grant');
  });

  describe('#21 bound to the client', () => {
    it('#21 client B presenting client A\'s code → invalid_grant, and the leaked code is burnt', async () => {
      const code = await issueCode(t, client, aliceId);
      const res = await redeemCode(t, other, code, { redirect_uri: client.redirectUri }).expect(400);
      expect(res.body.error).toBe('invalid_grant');
      expect((await redeemCode(t, client, code).expect(400)).body.error).toBe('invalid_grant');
    });

    it('#21 a public client presenting another public client\'s code → invalid_grant', async () => {
      const pubA = await createClient(t, { token_endpoint_auth_method: 'none', grant_types: ['authorization_code', 'refresh_token'] });
      const pubB = await createClient(t, { token_endpoint_auth_method: 'none', grant_types: ['authorization_code', 'refresh_token'] });
      const pkce = pkcePair();
      const code = await issueCode(t, pubA, aliceId, { codeChallenge: pkce.challenge, codeChallengeMethod: 'S256' });
      const res = await redeemCode(t, pubB, code, { code_verifier: pkce.verifier }).expect(400);
      expect(res.body.error).toBe('invalid_grant');
    });
  });

  describe('#22 bound to the redirect_uri', () => {
    it('#22 a redirect_uri sent at authorize is required and must be equal', async () => {
      const missing = await issueCode(t, client, aliceId);
      expect((await tokenRequest(t, client, { grant_type: 'authorization_code', code: missing }).expect(400)).body.error).toBe('invalid_grant');
      for (const uri of [`${client.redirectUri}/`, `${client.redirectUri}?x=1`, client.redirectUri.toUpperCase(), 'https://evil.example/cb']) {
        const code = await issueCode(t, client, aliceId);
        expect((await redeemCode(t, client, code, { redirect_uri: uri }).expect(400)).body.error).toBe('invalid_grant');
      }
    });

    it('#22 a code issued without a redirect_uri may be redeemed without one, but a different one is refused', async () => {
      const omitted = await issueCode(t, client, aliceId, { redirectUriProvided: false });
      await tokenRequest(t, client, { grant_type: 'authorization_code', code: omitted }).expect(200);
      const wrong = await issueCode(t, client, aliceId, { redirectUriProvided: false });
      expect((await redeemCode(t, client, wrong, { redirect_uri: 'https://evil.example/cb' }).expect(400)).body.error).toBe('invalid_grant');
    });
  });

  it('#20 a code redeemed after its lifetime → invalid_grant; the configured lifetime is at most 600 s', async () => {
    expect(t.config.tokens.codeTtl).toBeLessThanOrEqual(600);
    const code = await issueCode(t, client, aliceId, { ttlSeconds: 1 });
    await sleep(1100);
    const res = await redeemCode(t, client, code).expect(400);
    expect(res.body.error).toBe('invalid_grant');
    expect(res.body.error_description).toMatch(/expired/);
  });

  describe('#18 single use', () => {
    it('#18 a second redemption → invalid_grant and revokes every token the first one issued', async () => {
      const code = await issueCode(t, client, aliceId);
      const first = (await redeemCode(t, client, code).expect(200)).body;
      await me(t, first.access_token).expect(200);
      const second = await redeemCode(t, client, code).expect(400);
      expect(second.body.error).toBe('invalid_grant');
      expect((await introspect(t, client, first.access_token).expect(200)).body).toEqual({ active: false });
      expect((await introspect(t, client, first.refresh_token).expect(200)).body).toEqual({ active: false });
      expect((await refresh(t, client, first.refresh_token).expect(400)).body.error).toBe('invalid_grant');
      await me(t, first.access_token).expect(401);
      const audit = await t.dataSource.getRepository(AuditEventEntity).findOneBy({ action: 'token.code_reuse_detected' });
      expect(audit).toMatchObject({ actor: `client:${client.clientId}`, targetType: 'grant' });
    });

    it('#18 the revocation also reaches tokens refreshed from the first redemption', async () => {
      const code = await issueCode(t, client, aliceId);
      const first = (await redeemCode(t, client, code).expect(200)).body;
      const rotated = (await refresh(t, client, first.refresh_token).expect(200)).body;
      await redeemCode(t, client, code).expect(400);
      await me(t, rotated.access_token).expect(401);
      expect((await refresh(t, client, rotated.refresh_token).expect(400)).body.error).toBe('invalid_grant');
    });

    it('#18 #21 another client replaying a used code gets invalid_grant without touching the owner\'s tokens', async () => {
      const code = await issueCode(t, client, aliceId);
      const first = (await redeemCode(t, client, code).expect(200)).body;
      expect((await redeemCode(t, other, code, { redirect_uri: client.redirectUri }).expect(400)).body.error).toBe('invalid_grant');
      await me(t, first.access_token).expect(200);
    });
  });

  it('a code of a user disabled since authorize yields no working token', async () => {
    const bob = await createUser(t, BOB);
    const code = await issueCode(t, client, bob.id);
    await t.app.get(UsersService).update(bob.id, { disabled: true }, { actor: 'test' });
    expect((await redeemCode(t, client, code).expect(400)).body.error).toBe('invalid_grant');
    const rows = await t.dataSource.getRepository(AccessTokenEntity).findBy({ userId: bob.id });
    expect(rows.every((r) => r.revokedAt !== null)).toBe(true);
  });

  describe('lifetimes', () => {
    it('uses the channel\'s own lifetimes over the server defaults', async () => {
      const short = await createClient(t, { access_token_ttl: 120, refresh_token_ttl: 600 });
      const code = await issueCode(t, short, aliceId);
      expect((await redeemCode(t, short, code).expect(200)).body.expires_in).toBe(120);
    });

    it('a channel lifetime of -1 never expires: expires_in -1, no expiry stored, no exp in introspection', async () => {
      const forever = await createClient(t, { access_token_ttl: -1, refresh_token_ttl: -1 });
      const code = await issueCode(t, forever, aliceId);
      const { body } = await redeemCode(t, forever, code).expect(200);
      expect(body.expires_in).toBe(-1);
      const row = await t.dataSource.getRepository(AccessTokenEntity).findOneByOrFail({ tokenHash: sha256Hex(body.access_token) });
      expect(row.expiresAt).toBeNull();
      const info = (await introspect(t, forever, body.access_token).expect(200)).body;
      expect(info.active).toBe(true);
      expect(info.exp).toBeUndefined();
      await me(t, body.access_token).expect(200);
    });
  });

  describe('TokenService.exchange (used by the seed dialects without HTTP)', () => {
    it('takes documented lifetimes and an optional redirect_uri, and returns the result for any response shape', async () => {
      const registered = (await t.app.get(ClientRegistry).findByClientId(client.clientId))!;
      const code = await issueCode(t, client, aliceId);
      const result = await t.app.get(TokenService).exchange(registered, { grant_type: 'authorization_code', code }, {
        redirectUriOptional: true, accessTokenTtl: -1, refreshTokenTtl: 30,
      });
      expect(result).toEqual({
        accessToken: expect.stringMatching(/^gha_/), tokenType: 'Bearer', expiresIn: -1,
        refreshToken: expect.stringMatching(/^ghr_/), refreshExpiresIn: 30, scope: ['user_id_read', 'profile'], scopeRequested: true,
        userId: aliceId, clientId: client.clientId, grantId: expect.any(String),
      });
      await me(t, result.accessToken).expect(200);
    });

    it('still refuses a different redirect_uri when the dialect makes it optional', async () => {
      const registered = (await t.app.get(ClientRegistry).findByClientId(client.clientId))!;
      const code = await issueCode(t, client, aliceId);
      await expect(t.app.get(TokenService).exchange(registered, {
        grant_type: 'authorization_code', code, redirect_uri: 'https://evil.example/cb',
      }, { redirectUriOptional: true })).rejects.toMatchObject({ error: 'invalid_grant' });
    });
  });

  it('passes the strict response validation of oauth4webapi (discovery, code + PKCE, refresh, introspection, revocation)', async () => {
    const base = await t.listen();
    const pkce = pkcePair();
    const code = await issueCode(t, client, aliceId, { codeChallenge: pkce.challenge, codeChallengeMethod: 'S256' });
    const out = await runEsm<{ token: oauth4Token; refreshed: oauth4Token; active: boolean; afterRevoke: boolean }>(`${OAUTH4WEBAPI_PRELUDE}
const client = { client_id: input.clientId };
const auth = oauth.ClientSecretBasic(input.clientSecret);
const callback = new URL(input.redirectUri);
callback.searchParams.set('code', input.code);
callback.searchParams.set('iss', input.issuer);
const params = oauth.validateAuthResponse(as, client, callback, oauth.expectNoState);
const token = await oauth.processAuthorizationCodeResponse(as, client,
  await oauth.authorizationCodeGrantRequest(as, client, auth, params, input.redirectUri, input.verifier, options));
const refreshed = await oauth.processRefreshTokenResponse(as, client,
  await oauth.refreshTokenGrantRequest(as, client, auth, token.refresh_token, options));
const info = await oauth.processIntrospectionResponse(as, client, await oauth.introspectionRequest(as, client, auth, refreshed.access_token, options));
await oauth.processRevocationResponse(await oauth.revocationRequest(as, client, auth, refreshed.refresh_token, options));
const after = await oauth.processIntrospectionResponse(as, client, await oauth.introspectionRequest(as, client, auth, refreshed.access_token, options));
console.log(JSON.stringify({ token, refreshed, active: info.active, afterRevoke: after.active }));
`, {
      base, issuer: t.config.server.issuer, clientId: client.clientId, clientSecret: client.clientSecret,
      redirectUri: client.redirectUri, code, verifier: pkce.verifier,
    });
    expect(out.token.token_type).toBe('bearer');
    expect(out.refreshed.refresh_token).not.toBe(out.token.refresh_token);
    expect(out.active).toBe(true);
    expect(out.afterRevoke).toBe(false);
  });
});

type oauth4Token = { access_token: string; token_type: string; refresh_token: string; expires_in: number };
