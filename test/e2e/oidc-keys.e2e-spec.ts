import { Clock } from '../../libs/common/src';
import { AccessTokenEntity, KeyEntity } from '../../libs/persistence/src';
import { SigningKeys } from '../../libs/tokens/src';
import { startTestApp, TestApp } from '../support/app';
import { adminToken, bearer } from '../support/admin';
import { loginAndAuthorize } from '../support/browser-flow';
import { ADMIN, ALICE, createClient, createUser, TestClient } from '../support/fixtures';
import { rpAuthorizationUrl, verifyWithJwks } from '../support/oidc';
import { runEsm } from '../support/tokens';

const PREPUBLISH_SECONDS = 600;
const KEY_CACHE_SECONDS = 30;

async function idToken(t: TestApp, rp: TestClient): Promise<string> {
  const browser = await loginAndAuthorize(t, { clientId: rp.clientId, redirectUri: rp.redirectUri, scope: 'openid' });
  const res = await t.http().post('/oauth2/token').type('form').auth(rp.clientId, rp.clientSecret!)
    .send({ grant_type: 'authorization_code', code: browser.code!, redirect_uri: rp.redirectUri }).expect(200);
  return res.body.id_token as string;
}

const kidOf = (jwt: string) => JSON.parse(Buffer.from(jwt.split('.')[0], 'base64url').toString()).kid as string;
type Jwks = { keys: { kid: string }[] };

/**
 * A relying party on openid-client that holds a JWKS copy (`jwks`, as if fetched a moment ago)
 * logs a user in with non-repudiation checks on, so it must verify the ID Token's signature with
 * a key of that copy. Returns the ID Token's kid and how often it fetched the JWKS itself.
 */
async function rpLoginWithCachedJwks(t: TestApp, base: string, rp: TestClient, jwks: Jwks): Promise<{ kid: string; jwksFetches: number }> {
  const issuer = t.config.server.issuer;
  const common = { base, issuer, clientId: rp.clientId, clientSecret: rp.clientSecret! };
  const start = await rpAuthorizationUrl({ ...common, redirectUri: rp.redirectUri, scope: 'openid' });
  const url = new URL(start.url);
  const browser = await loginAndAuthorize(t, { url: `${url.pathname}${url.search}` });
  return runEsm(`
import * as client from 'openid-client';
const input = JSON.parse(process.env.INPUT);
const issuer = new URL(input.issuer);
let jwksFetches = 0;
const fetchVia = (url, init) => {
  if (String(url).endsWith('/oauth2/jwks')) jwksFetches += 1;
  return fetch(String(url).replace(issuer.origin, input.base), init);
};
const config = await client.discovery(issuer, input.clientId, input.clientSecret, client.ClientSecretBasic(input.clientSecret), {
  execute: [client.allowInsecureRequests], [client.customFetch]: fetchVia,
});
client.enableNonRepudiationChecks(config);
client.setJwksCache(config, { jwks: input.jwks, uat: Math.floor(Date.now() / 1000) });
const tokens = await client.authorizationCodeGrant(config, new URL(input.callback), {
  pkceCodeVerifier: input.start.verifier, expectedNonce: input.start.nonce, expectedState: input.start.state, idTokenExpected: true,
});
const kid = JSON.parse(Buffer.from(tokens.id_token.split('.')[0], 'base64url').toString()).kid;
console.log(JSON.stringify({ kid, jwksFetches }));
`, { ...common, callback: browser.location, start, jwks });
}

describe('signing key rotation without a gap (RFC 7517, OIDC Core §10.1.1)', () => {
  let t: TestApp;
  let base: string;
  let rp: TestClient;
  let admin: string;
  let offsetMs = 0;
  const advance = (seconds: number) => { offsetMs += seconds * 1000; };
  const setClockTo = (ms: number) => { offsetMs = ms - Date.now(); };
  const kidsInJwks = async () => ((await t.http().get('/oauth2/jwks').expect(200)).body as Jwks).keys.map((k) => k.kid);

  beforeAll(async () => {
    t = await startTestApp();
    base = await t.listen();
    await createUser(t, ALICE);
    await createUser(t, { ...ADMIN, isAdmin: true });
    rp = await createClient(t, { scope: 'openid profile' });
    admin = await adminToken(t);
    // The injectable clock: only the key schedule reads it; tokens, sessions and verifiers keep real time.
    jest.spyOn(t.app.get(Clock), 'now').mockImplementation(() => new Date(Date.now() + offsetMs));
  });
  afterAll(async () => { await t.close(); });

  it('sends a JWKS max-age shorter than the pre-publication period', async () => {
    const res = await t.http().get('/oauth2/jwks').expect(200);
    const maxAge = Number(/max-age=(\d+)/.exec(res.headers['cache-control'])?.[1]);
    expect(res.headers['cache-control']).toMatch(/^public, max-age=\d+$/);
    expect(maxAge).toBeGreaterThan(0);
    expect(PREPUBLISH_SECONDS).toBeGreaterThan(maxAge + KEY_CACHE_SECONDS);
  });

  it('publishes the next key first; a verifier holding a JWKS copy from before the rotation still verifies tokens issued right after it', async () => {
    const copyBefore = (await t.http().get('/oauth2/jwks').expect(200)).body as Jwks;
    const oldKid = kidOf(await idToken(t, rp));

    const rotatedAt = Date.now() + offsetMs;
    const rotated = await t.http().post('/api/admin/keys/rotate').set('Authorization', bearer(admin)).expect(200);
    expect(rotated.body).toMatchObject({ kid: expect.any(String), alg: 'RS256', replaces: [{ kid: oldKid, signs_until: rotated.body.activates_at }] });
    expect(rotated.body.kid).not.toBe(oldKid);
    const lead = (Date.parse(rotated.body.activates_at) - rotatedAt) / 1000;
    expect(lead).toBeGreaterThanOrEqual(PREPUBLISH_SECONDS - 1);
    expect(await kidsInJwks()).toEqual(expect.arrayContaining([oldKid, rotated.body.kid]));

    // Right after the rotation the old key still signs: the pre-rotation copy verifies, without a refetch.
    const rightAfter = await rpLoginWithCachedJwks(t, base, rp, copyBefore);
    expect(rightAfter).toEqual({ kid: oldKid, jwksFetches: 0 });
    const copyAfter = (await t.http().get('/oauth2/jwks').expect(200)).body as Jwks;

    // A second rotation while one is under way is refused.
    const again = await t.http().post('/api/admin/keys/rotate').set('Authorization', bearer(admin)).expect(409);
    expect(again.body.message ?? again.body.error_description ?? JSON.stringify(again.body)).toContain(rotated.body.kid);

    // One second before activation: still the old key. At activation: the new one, which any copy
    // fetched since the rotation (every copy that honoured max-age) already holds.
    const activation = Date.parse(rotated.body.activates_at);
    setClockTo(activation - 5000);
    expect(kidOf(await idToken(t, rp))).toBe(oldKid);
    setClockTo(activation);
    const activated = await rpLoginWithCachedJwks(t, base, rp, copyAfter);
    expect(activated).toEqual({ kid: rotated.body.kid, jwksFetches: 0 });
    const token = await idToken(t, rp);
    expect(kidOf(token)).toBe(rotated.body.kid);
    await expect(verifyWithJwks(base, t.config.server.issuer, token, { audience: rp.clientId })).resolves.toBeDefined();
  });

  it('retires the replaced key only after the last token it signed has expired', async () => {
    const keys = t.app.get(SigningKeys);
    const repo = t.dataSource.getRepository(KeyEntity);
    // A JWT channel whose access tokens live a day: the next key's replacement must wait for them.
    const longLived = await createClient(t, { scope: 'openid', token_format: 'jwt', access_token_ttl: 86_400 });
    const browser = await loginAndAuthorize(t, { clientId: longLived.clientId, redirectUri: longLived.redirectUri, scope: 'openid' });
    const issued = await t.http().post('/oauth2/token').type('form').auth(longLived.clientId, longLived.clientSecret!)
      .send({ grant_type: 'authorization_code', code: browser.code!, redirect_uri: longLived.redirectUri }).expect(200);
    const signer = kidOf(issued.body.access_token);

    const rotated = await t.http().post('/api/admin/keys/rotate').set('Authorization', bearer(admin)).expect(200);
    expect(rotated.body.replaces.map((r: { kid: string }) => r.kid)).toContain(signer);
    advance(PREPUBLISH_SECONDS);
    await keys.tick();
    expect((await repo.findOneByOrFail({ kid: rotated.body.kid })).status).toBe('active');
    expect((await repo.findOneByOrFail({ kid: signer })).status).toBe('active'); // not yet: other instances may still sign
    advance(KEY_CACHE_SECONDS);
    await keys.tick();
    const retired = await repo.findOneByOrFail({ kid: signer });
    expect(retired.status).toBe('retired');
    expect(retired.retiredAt?.toISOString()).toBe(rotated.body.activates_at);
    const row = await t.dataSource.getRepository(AccessTokenEntity).findOneByOrFail({ clientId: longLived.clientId });
    expect(retired.publishedUntil!.getTime()).toBeGreaterThanOrEqual(row.expiresAt!.getTime());

    // Until then it stays in the JWKS (the day-long token still verifies); afterwards it is gone.
    advance(3600);
    expect(await kidsInJwks()).toContain(signer);
    await expect(verifyWithJwks(base, t.config.server.issuer, issued.body.access_token, { typ: 'at+jwt' })).resolves.toBeDefined();
    offsetMs = retired.publishedUntil!.getTime() - Date.now() + 1000;
    expect(await kidsInJwks()).not.toContain(signer);
    expect(await kidsInJwks()).toContain(rotated.body.kid);
  });

  it('audits the rotation and refuses it to callers without an admin session', async () => {
    await t.http().post('/api/admin/keys/rotate').expect(401);
    const audit = await t.http().get('/api/admin/audit?action=keys.rotated').set('Authorization', bearer(admin)).expect(200);
    expect(audit.body.items[0]).toMatchObject({ action: 'keys.rotated', actor: `admin:${ADMIN.username}`, target_type: 'signing_key' });
  });
});

describe('scheduled signing key rotation (KEY_ROTATION_DAYS)', () => {
  it('publishes the next key when the signing key is older than the period, the same way as an operator\'s rotation', async () => {
    const t = await startTestApp({ env: { KEY_ROTATION_DAYS: '7' } });
    try {
      let offsetMs = 0;
      jest.spyOn(t.app.get(Clock), 'now').mockImplementation(() => new Date(Date.now() + offsetMs));
      const keys = t.app.get(SigningKeys);
      const repo = t.dataSource.getRepository(KeyEntity);
      offsetMs = 6 * 86_400_000;
      await keys.tick();
      expect(await repo.countBy({ kind: 'signing' })).toBe(1);
      offsetMs = 7 * 86_400_000 + 1000;
      await keys.tick();
      const pending = await repo.findOneByOrFail({ kind: 'signing', status: 'next' });
      expect(pending.activatesAt!.getTime() - pending.createdAt.getTime()).toBe(PREPUBLISH_SECONDS * 1000);
      await keys.tick(); // no second rotation while one is pending
      expect(await repo.countBy({ kind: 'signing' })).toBe(2);
      const jwks = (await t.http().get('/oauth2/jwks').expect(200)).body as Jwks;
      expect(jwks.keys.map((k) => k.kid)).toContain(pending.kid);
      const audit = await t.dataSource.query("SELECT actor FROM audit_events WHERE action = 'keys.rotated'");
      expect(audit).toEqual([{ actor: 'system' }]);
    } finally {
      await t.close();
    }
  });
});

describe('signing algorithms (SIGNING_ALG)', () => {
  it.each(['ES256', 'EdDSA'])('signs ID tokens with %s when configured', async (alg) => {
    const t = await startTestApp({ env: { SIGNING_ALG: alg, KEYS_SECRET: 'k'.repeat(40) } });
    try {
      const base = await t.listen();
      await createUser(t, ALICE);
      const rp = await createClient(t, { scope: 'openid' });
      const token = await idToken(t, rp);
      const { protectedHeader } = await verifyWithJwks(base, t.config.server.issuer, token, { audience: rp.clientId });
      expect(protectedHeader.alg).toBe(alg);
      const doc = (await t.http().get('/.well-known/openid-configuration').expect(200)).body;
      expect(doc.id_token_signing_alg_values_supported).toEqual([alg]);
    } finally {
      await t.close();
    }
  });
});
