import { createHash } from 'node:crypto';
import { startTestApp, TestApp } from '../support/app';
import { ALICE, createClient, createUser, TestClient } from '../support/fixtures';
import { introspect, issueCode, me, pkcePair, redeemCode } from '../support/tokens';

/** PKCE at the token endpoint (RFC 7636 §4.5-4.6, RFC 9700 §2.1.1 / §4.8.2). */
describe('PKCE at the token endpoint', () => {
  let t: TestApp;
  let confidential: TestClient;
  let publicClient: TestClient;
  let aliceId: string;
  beforeAll(async () => {
    t = await startTestApp();
    confidential = await createClient(t);
    publicClient = await createClient(t, { token_endpoint_auth_method: 'none', grant_types: ['authorization_code', 'refresh_token'] });
    aliceId = (await createUser(t, ALICE)).id;
  });
  afterAll(async () => { await t.close(); });

  const challenged = (client: TestClient, challenge: string) => issueCode(t, client, aliceId, { codeChallenge: challenge, codeChallengeMethod: 'S256' });

  it('accepts the matching S256 verifier from a confidential client', async () => {
    const pkce = pkcePair();
    await redeemCode(t, confidential, await challenged(confidential, pkce.challenge), { code_verifier: pkce.verifier }).expect(200);
  });

  it('lets a public client redeem with its client_id and the verifier only, and its token works', async () => {
    const pkce = pkcePair();
    const res = await redeemCode(t, publicClient, await challenged(publicClient, pkce.challenge), { code_verifier: pkce.verifier }).expect(200);
    expect(res.body.refresh_token).toMatch(/^ghr_/);
    await me(t, res.body.access_token).expect(200);
  });

  it('refuses a secret from a public client (it has none) with invalid_client', async () => {
    const pkce = pkcePair();
    const code = await challenged(publicClient, pkce.challenge);
    const res = await t.http().post('/oauth2/token').type('form').send({
      grant_type: 'authorization_code', code, redirect_uri: publicClient.redirectUri, code_verifier: pkce.verifier,
      client_id: publicClient.clientId, client_secret: 'ghs_made_up',
    }).expect(401);
    expect(res.body.error).toBe('invalid_client');
  });

  it('#15 a challenged code without code_verifier → invalid_grant', async () => {
    const res = await redeemCode(t, confidential, await challenged(confidential, pkcePair().challenge)).expect(400);
    expect(res.body.error).toBe('invalid_grant');
  });

  it('#15 a wrong verifier → invalid_grant (and the public client\'s code is spent)', async () => {
    const pkce = pkcePair();
    const code = await challenged(publicClient, pkce.challenge);
    expect((await redeemCode(t, publicClient, code, { code_verifier: pkcePair().verifier }).expect(400)).body.error).toBe('invalid_grant');
    expect((await redeemCode(t, publicClient, code, { code_verifier: pkce.verifier }).expect(400)).body.error).toBe('invalid_grant');
  });

  it.each([
    ['42 characters', 'a'.repeat(42)],
    ['129 characters', 'a'.repeat(129)],
    ['a character outside [A-Za-z0-9-._~]', `${'a'.repeat(50)}+`],
    ['a space', `${'a'.repeat(50)} b`],
  ])('#15 a verifier of %s → invalid_grant', async (_label, verifier) => {
    // The challenge is that of the malformed verifier itself: only the format check can refuse it.
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    const res = await redeemCode(t, confidential, await challenged(confidential, challenge), { code_verifier: verifier }).expect(400);
    expect(res.body.error).toBe('invalid_grant');
  });

  it('#15 accepts verifiers of exactly 43 and 128 characters with every allowed character', async () => {
    for (const verifier of [`${'A'.repeat(39)}-._~`, `${'z9'.repeat(62)}-._~`]) {
      const challenge = createHash('sha256').update(verifier).digest('base64url');
      await redeemCode(t, confidential, await challenged(confidential, challenge), { code_verifier: verifier }).expect(200);
    }
  });

  it('#16 a code_verifier for a code issued without a challenge (downgrade) → invalid_grant', async () => {
    const code = await issueCode(t, confidential, aliceId);
    const res = await redeemCode(t, confidential, code, { code_verifier: pkcePair().verifier }).expect(400);
    expect(res.body.error).toBe('invalid_grant');
  });

  it('#13 a public client cannot redeem a code issued without a challenge', async () => {
    const code = await issueCode(t, publicClient, aliceId);
    expect((await redeemCode(t, publicClient, code).expect(400)).body.error).toBe('invalid_grant');
  });

  it('#13 a confidential channel with require_pkce cannot redeem an unchallenged code', async () => {
    const strict = await createClient(t, { require_pkce: true });
    expect((await redeemCode(t, strict, await issueCode(t, strict, aliceId)).expect(400)).body.error).toBe('invalid_grant');
  });

  it('#17 neither the token response nor introspection exposes the code_challenge', async () => {
    const pkce = pkcePair();
    const res = await redeemCode(t, confidential, await challenged(confidential, pkce.challenge), { code_verifier: pkce.verifier }).expect(200);
    expect(res.text).not.toContain(pkce.challenge);
    const info = await introspect(t, confidential, res.body.access_token).expect(200);
    expect(info.text).not.toContain(pkce.challenge);
  });
});
