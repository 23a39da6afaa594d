import fc from 'fast-check';
import { sha256Hex } from '../../libs/common/src';
import { ClientRegistry } from '../../libs/clients/src';
import { TokenGenerator } from '../../libs/tokens/src/generators/token-generator';
import { startTestApp, TestApp } from '../support/app';
import { ALICE, basicAuth, createClient, createUser, TestClient } from '../support/fixtures';
import { clientCredentials, issueCode, obtainTokens, redeemCode, refresh, tokenRequest } from '../support/tokens';

describe('POST /oauth2/token (RFC 6749 §3.2, §5)', () => {
  let t: TestApp;
  let client: TestClient;
  let aliceId: string;
  beforeAll(async () => {
    t = await startTestApp();
    client = await createClient(t);
    aliceId = (await createUser(t, ALICE)).id;
  });
  afterAll(async () => { await t.close(); });

  describe('responses', () => {
    it('#23 a token response has exactly the RFC 6749 §5.1 fields, with Cache-Control: no-store and Pragma: no-cache', async () => {
      const code = await issueCode(t, client, aliceId);
      const res = await redeemCode(t, client, code).expect(200);
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.headers.pragma).toBe('no-cache');
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(Object.keys(res.body).sort()).toEqual(['access_token', 'expires_in', 'refresh_token', 'scope', 'token_type']);
      expect(res.body).toMatchObject({ token_type: 'Bearer', expires_in: 3600, scope: 'user_id_read profile' });
    });

    it('#23 error responses are not cached either and follow RFC 6749 §5.2', async () => {
      const res = await tokenRequest(t, client, { grant_type: 'authorization_code', code: 'ghc_nope', redirect_uri: client.redirectUri }).expect(400);
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.body).toEqual({ error: 'invalid_grant', error_description: expect.any(String) });
    });
  });

  describe('request format', () => {
    it('refuses a JSON body with invalid_request', async () => {
      const res = await t.http().post('/oauth2/token').set('Authorization', basicAuth(client.clientId, client.clientSecret!))
        .send({ grant_type: 'client_credentials' }).expect(400);
      expect(res.body.error).toBe('invalid_request');
    });

    it('refuses a body without a content type with invalid_request', async () => {
      const res = await t.http().post('/oauth2/token').set('Authorization', basicAuth(client.clientId, client.clientSecret!)).expect(400);
      expect(res.body.error).toBe('invalid_request');
    });

    it('refuses a repeated parameter with invalid_request', async () => {
      const res = await t.http().post('/oauth2/token').type('form').set('Authorization', basicAuth(client.clientId, client.clientSecret!))
        .send('grant_type=client_credentials&scope=profile&scope=user_id_read').expect(400);
      expect(res.body.error).toBe('invalid_request');
      expect(res.body.error_description).toMatch(/scope/);
    });

    it('#28 ignores unknown parameters', async () => {
      await clientCredentials(t, client, { foo: 'bar', resource_owner: 'x' }).expect(200);
      const code = await issueCode(t, client, aliceId);
      await redeemCode(t, client, code, { foo: 'bar' }).expect(200);
    });

    it('refuses a missing grant_type with invalid_request', async () => {
      const res = await tokenRequest(t, client, {}).expect(400);
      expect(res.body.error).toBe('invalid_request');
    });

    it('answers 413 with a JSON error for a body over the limit', async () => {
      const res = await t.http().post('/oauth2/token').type('form').send(`grant_type=client_credentials&pad=${'a'.repeat(70 * 1024)}`);
      expect(res.status).toBe(413);
      expect(res.body.error).toEqual(expect.any(String));
    });
  });

  describe('grant types', () => {
    it.each(['password', 'implicit', 'token', 'urn:ietf:params:oauth:grant-type:device_code', 'nonsense'])(
      '#8 grant_type=%s → unsupported_grant_type', async (grantType) => {
        const res = await tokenRequest(t, client, { grant_type: grantType, username: ALICE.username, password: ALICE.password }).expect(400);
        expect(res.body.error).toBe('unsupported_grant_type');
      });

    it('#8 grant_type=password is refused before client authentication', async () => {
      const res = await t.http().post('/oauth2/token').type('form').send({ grant_type: 'password', username: 'a', password: 'b' }).expect(400);
      expect(res.body.error).toBe('unsupported_grant_type');
    });

    it('a grant the channel was not registered for → unauthorized_client', async () => {
      const codeOnly = await createClient(t, { grant_types: ['authorization_code'] });
      expect((await clientCredentials(t, codeOnly).expect(400)).body.error).toBe('unauthorized_client');
      expect((await refresh(t, codeOnly, 'ghr_whatever').expect(400)).body.error).toBe('unauthorized_client');
      const tokens = await obtainTokens(t, codeOnly, aliceId);
      expect(tokens.refresh_token).toBeUndefined();
    });
  });

  describe('client authentication', () => {
    it('#24 a wrong secret via Basic → 401 invalid_client with WWW-Authenticate: Basic', async () => {
      const res = await t.http().post('/oauth2/token').type('form').set('Authorization', basicAuth(client.clientId, 'ghs_wrong'))
        .send({ grant_type: 'client_credentials' }).expect(401);
      expect(res.body.error).toBe('invalid_client');
      expect(res.headers['www-authenticate']).toMatch(/^Basic /);
    });

    it('#24 a wrong client_secret_post secret → 401 invalid_client without a Basic challenge', async () => {
      const poster = await createClient(t, { token_endpoint_auth_method: 'client_secret_post' });
      const res = await t.http().post('/oauth2/token').type('form')
        .send({ grant_type: 'client_credentials', client_id: poster.clientId, client_secret: 'ghs_wrong' }).expect(401);
      expect(res.body.error).toBe('invalid_client');
      expect(res.headers['www-authenticate']).toBeUndefined();
    });

    it('accepts client_secret_post with the right secret from a client registered for it', async () => {
      const poster = await createClient(t, { token_endpoint_auth_method: 'client_secret_post' });
      await t.http().post('/oauth2/token').type('form')
        .send({ grant_type: 'client_credentials', client_id: poster.clientId, client_secret: poster.clientSecret! }).expect(200);
    });

    it('#25 a confidential client that sends only its client_id → invalid_client', async () => {
      const res = await t.http().post('/oauth2/token').type('form').send({ grant_type: 'client_credentials', client_id: client.clientId }).expect(401);
      expect(res.body.error).toBe('invalid_client');
      const code = await issueCode(t, client, aliceId);
      const byId = await t.http().post('/oauth2/token').type('form')
        .send({ grant_type: 'authorization_code', code, redirect_uri: client.redirectUri, client_id: client.clientId }).expect(401);
      expect(byId.body.error).toBe('invalid_client');
    });

    it('an unknown client and a channel that is not approved → invalid_client', async () => {
      const unknown = await t.http().post('/oauth2/token').type('form').set('Authorization', basicAuth('nobody', 'x'))
        .send({ grant_type: 'client_credentials' }).expect(401);
      expect(unknown.body.error).toBe('invalid_client');
      const pending = await createClient(t, {}, { approve: false });
      expect((await clientCredentials(t, pending).expect(401)).body.error).toBe('invalid_client');
    });
  });

  describe('#27 unguessable artifacts', () => {
    const BASE64URL_256 = /^[A-Za-z0-9_-]{43}$/;

    it('#27 access and refresh tokens carry 256 random bits behind gha_ / ghr_, and 1000 of each never collide', async () => {
      const tokens = await obtainTokens(t, client, aliceId);
      expect(tokens.access_token.slice(4)).toMatch(BASE64URL_256);
      expect(tokens.access_token.startsWith('gha_')).toBe(true);
      expect(tokens.refresh_token!.startsWith('ghr_')).toBe(true);
      expect(tokens.refresh_token!.slice(4)).toMatch(BASE64URL_256);
      expect(Buffer.from(tokens.access_token.slice(4), 'base64url')).toHaveLength(32);

      const generator = t.app.get(TokenGenerator);
      const registered = (await t.app.get(ClientRegistry).findByClientId(client.clientId))!;
      const seen = new Set<string>();
      for (let i = 0; i < 1000; i++) {
        const { access, refresh: rt } = await generator.generate({ client: registered, userId: aliceId, scopes: ['profile'], grantId: 'g', refresh: { scopes: ['profile'] } });
        expect(access.value).toMatch(/^gha_[A-Za-z0-9_-]{43}$/);
        expect(rt!.value).toMatch(/^ghr_[A-Za-z0-9_-]{43}$/);
        seen.add(access.value).add(rt!.value);
      }
      expect(seen.size).toBe(2000);
    });

    it('#27 authorization codes are 256-bit, prefixed and distinct over a sample of 200', async () => {
      const codes = new Set<string>();
      for (let i = 0; i < 200; i++) codes.add(await issueCode(t, client, aliceId));
      expect(codes.size).toBe(200);
      for (const code of codes) expect(code).toMatch(/^ghc_[A-Za-z0-9_-]{43}$/);
    });

    it('#27 stores nothing but hashes: no table holds a plain secret, code or token after a full flow', async () => {
      const fresh = await createClient(t);
      const code = await issueCode(t, fresh, aliceId);
      const first = (await redeemCode(t, fresh, code).expect(200)).body;
      const second = (await refresh(t, fresh, first.refresh_token).expect(200)).body;
      const cc = (await clientCredentials(t, fresh).expect(200)).body;
      const secrets = [fresh.clientSecret!, code, first.access_token, first.refresh_token, second.access_token, second.refresh_token, cc.access_token];

      let dump = '';
      for (const meta of t.dataSource.entityMetadatas) {
        dump += JSON.stringify(await t.dataSource.query(`SELECT * FROM ${meta.tableName}`));
      }
      for (const secret of secrets) {
        expect(dump).not.toContain(secret);
        expect(dump).not.toContain(secret.slice(4));
      }
      // The scan does see the stored hashes, so it would have seen the values too.
      expect(dump).toContain(sha256Hex(first.access_token));
      expect(dump).toContain(sha256Hex(code));
    });
  });

  it('bad input never produces a 500', async () => {
    const fuzzClient = await createClient(t);
    const names = ['grant_type', 'code', 'redirect_uri', 'code_verifier', 'refresh_token', 'scope', 'client_id', 'client_secret', 'foo'];
    const value = fc.oneof(fc.string({ maxLength: 80 }), fc.constantFrom('authorization_code', 'refresh_token', 'client_credentials', 'password', fuzzClient.clientId));
    await fc.assert(fc.asyncProperty(fc.dictionary(fc.constantFrom(...names), value), fc.boolean(), async (params, withBasic) => {
      const req = t.http().post('/oauth2/token').type('form');
      if (withBasic) req.set('Authorization', basicAuth(fuzzClient.clientId, fuzzClient.clientSecret!));
      const res = await req.send(params);
      expect(res.status).toBeLessThan(500);
      if (res.status >= 400) expect(typeof res.body.error).toBe('string');
    }), { numRuns: 60 });
  });
});

describe('#26 client authentication is throttled', () => {
  let t: TestApp;
  beforeAll(async () => { t = await startTestApp({ env: { THROTTLE_CLIENT_AUTH: '3', THROTTLE_CLIENT_AUTH_WINDOW: '60' } }); });
  afterAll(async () => { await t.close(); });

  it('#26 after K failures from an address even the right secret gets 429 there with Retry-After, and other clients are unaffected', async () => {
    const victim = await createClient(t);
    const other = await createClient(t);
    for (let i = 0; i < 3; i++) {
      await t.http().post('/oauth2/token').type('form').set('Authorization', basicAuth(victim.clientId, `ghs_guess${i}`))
        .send({ grant_type: 'client_credentials' }).expect(401);
    }
    const res = await clientCredentials(t, victim).expect(429);
    expect(res.headers['retry-after']).toMatch(/^\d+$/);
    expect(res.body.error).toEqual(expect.any(String));
    await clientCredentials(t, other).expect(200);
  });
});
