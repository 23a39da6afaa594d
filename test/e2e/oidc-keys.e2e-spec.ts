import { KeyEntity } from '../../libs/persistence/src';
import { startTestApp, TestApp } from '../support/app';
import { adminToken, bearer } from '../support/admin';
import { loginAndAuthorize } from '../support/browser-flow';
import { ADMIN, ALICE, createClient, createUser, TestClient } from '../support/fixtures';
import { verifyWithJwks } from '../support/oidc';

async function idToken(t: TestApp, rp: TestClient): Promise<string> {
  const browser = await loginAndAuthorize(t, { clientId: rp.clientId, redirectUri: rp.redirectUri, scope: 'openid' });
  const res = await t.http().post('/oauth2/token').type('form').auth(rp.clientId, rp.clientSecret!)
    .send({ grant_type: 'authorization_code', code: browser.code!, redirect_uri: rp.redirectUri }).expect(200);
  return res.body.id_token as string;
}

const kidOf = (jwt: string) => JSON.parse(Buffer.from(jwt.split('.')[0], 'base64url').toString()).kid as string;

describe('signing key rotation (RFC 7517)', () => {
  let t: TestApp;
  let base: string;
  let rp: TestClient;
  let admin: string;
  beforeAll(async () => {
    t = await startTestApp();
    base = await t.listen();
    await createUser(t, ALICE);
    await createUser(t, { ...ADMIN, isAdmin: true });
    rp = await createClient(t, { scope: 'openid profile' });
    admin = await adminToken(t);
  });
  afterAll(async () => { await t.close(); });

  it('keeps a token signed before the rotation valid and signs new ones with the new key', async () => {
    const before = await idToken(t, rp);
    const oldKid = kidOf(before);

    const rotated = await t.http().post('/api/admin/keys/rotate').set('Authorization', bearer(admin)).expect(200);
    expect(rotated.body.kid).not.toBe(oldKid);
    expect(rotated.body.retired).toEqual([{ kid: oldKid, published_until: expect.any(String) }]);

    const jwks = (await t.http().get('/oauth2/jwks').expect(200)).body.keys.map((k: { kid: string }) => k.kid);
    expect(jwks).toEqual(expect.arrayContaining([oldKid, rotated.body.kid]));

    await expect(verifyWithJwks(base, t.config.server.issuer, before, { audience: rp.clientId })).resolves.toBeDefined();
    const after = await idToken(t, rp);
    expect(kidOf(after)).toBe(rotated.body.kid);
    await expect(verifyWithJwks(base, t.config.server.issuer, after, { audience: rp.clientId })).resolves.toBeDefined();
  });

  it('audits the rotation and refuses it to callers without an admin session', async () => {
    await t.http().post('/api/admin/keys/rotate').expect(401);
    const audit = await t.http().get('/api/admin/audit?action=keys.rotated').set('Authorization', bearer(admin)).expect(200);
    expect(audit.body.items[0]).toMatchObject({ action: 'keys.rotated', actor: `admin:${ADMIN.username}`, target_type: 'signing_key' });
  });

  it('drops a retired key from the JWKS once the tokens it signed have expired', async () => {
    const rotated = await t.http().post('/api/admin/keys/rotate').set('Authorization', bearer(admin)).expect(200);
    const retiredKid = rotated.body.retired[0].kid as string;
    // Move the retention deadline into the past, as time would (the rotation emptied the key cache).
    await t.dataSource.getRepository(KeyEntity).update({ kid: retiredKid }, { publishedUntil: new Date(Date.now() - 1000) });
    const kids = (await t.http().get('/oauth2/jwks').expect(200)).body.keys.map((k: { kid: string }) => k.kid);
    expect(kids).not.toContain(retiredKid);
    expect(kids).toContain(rotated.body.kid);
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
