import { ClientLifecycle } from '../../libs/clients/src';
import { startTestApp, TestApp } from '../support/app';
import { ALICE, basicAuth, createClient, createUser, TestClient } from '../support/fixtures';
import { clientCredentials, isActive, me, obtainTokens, refresh, revoke } from '../support/tokens';

describe('POST /oauth2/revoke (RFC 7009)', () => {
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

  it('an access token revoked while another request\'s transaction is open stays revoked after that transaction\'s rollback', async () => {
    const { Transactions } = await import('../../libs/persistence/src');
    const tokens = await obtainTokens(t, client, aliceId);
    let inside!: () => void;
    const entered = new Promise<void>((r) => (inside = r));
    let fail!: () => void;
    const failing = t.app.get(Transactions).run(async () => {
      inside();
      await new Promise<void>((r) => (fail = r));
      throw new Error('rolled back');
    });
    await entered;
    const revoking = revoke(t, client, tokens.access_token).then((r) => r);
    await new Promise((r) => setTimeout(r, 20));
    fail();
    await expect(failing).rejects.toThrow('rolled back');
    expect((await revoking).status).toBe(200);
    expect(await isActive(t, client, tokens.access_token)).toBe(false);
  });

  it('#35 revoking a refresh token also revokes the access tokens of its grant and the rest of the family', async () => {
    const graceful = await createClient(t, { refresh_grace_seconds: 600 });
    const first = await obtainTokens(t, graceful, aliceId);
    const second = (await refresh(t, graceful, first.refresh_token!).expect(200)).body;
    expect(await isActive(t, graceful, first.access_token)).toBe(true);
    const res = await revoke(t, graceful, second.refresh_token).expect(200);
    expect(res.body).toEqual({});
    expect(res.headers['cache-control']).toBe('no-store');
    for (const token of [first.access_token, second.access_token, second.refresh_token]) {
      expect(await isActive(t, graceful, token)).toBe(false);
    }
    expect((await refresh(t, graceful, second.refresh_token).expect(400)).body.error).toBe('invalid_grant');
    await me(t, second.access_token).expect(401);
  });

  it('revoking an access token revokes that token only', async () => {
    const tokens = await obtainTokens(t, client, aliceId);
    await revoke(t, client, tokens.access_token, { token_type_hint: 'access_token' }).expect(200);
    await me(t, tokens.access_token).expect(401);
    await refresh(t, client, tokens.refresh_token!).expect(200);
  });

  it('uses token_type_hint only as a hint: a wrong or unknown hint still finds the token', async () => {
    const a = await obtainTokens(t, client, aliceId);
    await revoke(t, client, a.access_token, { token_type_hint: 'refresh_token' }).expect(200);
    await me(t, a.access_token).expect(401);
    const b = await obtainTokens(t, client, aliceId);
    await revoke(t, client, b.refresh_token!, { token_type_hint: 'something_else' }).expect(200);
    expect(await isActive(t, client, b.access_token)).toBe(false);
  });

  it('answers {} as application/json (RFC 7009 §2.2), so clients that parse every answer as JSON go on', async () => {
    const tokens = await obtainTokens(t, client, aliceId);
    for (const token of [tokens.access_token, tokens.refresh_token!, 'gha_not_a_token']) {
      const res = await revoke(t, client, token).expect(200);
      expect(res.headers['content-type']).toMatch(/^application\/json\b/);
      expect(res.text).toBe('{}');
    }
  });

  it('#35 an unknown or already revoked token → 200', async () => {
    await revoke(t, client, 'gha_not_a_token').expect(200);
    const tokens = await obtainTokens(t, client, aliceId);
    await revoke(t, client, tokens.refresh_token!).expect(200);
    await revoke(t, client, tokens.refresh_token!).expect(200);
  });

  it('#35 a client cannot revoke another client\'s token: 200, and the token stays active', async () => {
    const tokens = await obtainTokens(t, client, aliceId);
    await revoke(t, other, tokens.access_token).expect(200);
    await revoke(t, other, tokens.refresh_token!).expect(200);
    expect(await isActive(t, client, tokens.access_token)).toBe(true);
    await refresh(t, client, tokens.refresh_token!).expect(200);
  });

  it('#35 revocation needs client authentication', async () => {
    const tokens = await obtainTokens(t, client, aliceId);
    const anonymous = await t.http().post('/oauth2/revoke').type('form').send({ token: tokens.access_token }).expect(401);
    expect(anonymous.body.error).toBe('invalid_client');
    const wrong = await t.http().post('/oauth2/revoke').type('form').set('Authorization', basicAuth(client.clientId, 'ghs_wrong'))
      .send({ token: tokens.access_token }).expect(401);
    expect(wrong.body.error).toBe('invalid_client');
    expect(wrong.headers['www-authenticate']).toMatch(/^Basic /);
    await me(t, tokens.access_token).expect(200);
  });

  it('a public client revokes its own tokens with its client_id', async () => {
    const pub = await createClient(t, { token_endpoint_auth_method: 'none', grant_types: ['authorization_code', 'refresh_token'] });
    const tokens = await obtainTokens(t, pub, aliceId);
    await revoke(t, pub, tokens.refresh_token!).expect(200);
    await me(t, tokens.access_token).expect(401);
  });

  it('a missing token → invalid_request; a JSON body → invalid_request', async () => {
    expect((await t.http().post('/oauth2/revoke').type('form').set('Authorization', basicAuth(client.clientId, client.clientSecret!))
      .send({}).expect(400)).body.error).toBe('invalid_request');
    expect((await t.http().post('/oauth2/revoke').set('Authorization', basicAuth(client.clientId, client.clientSecret!))
      .send({ token: 'x' }).expect(400)).body.error).toBe('invalid_request');
  });

  it('suspending a channel revokes every one of its tokens, which stay dead after reactivation', async () => {
    const doomed = await createClient(t);
    const users = await obtainTokens(t, doomed, aliceId);
    const machine = (await clientCredentials(t, doomed).expect(200)).body;
    const bystander = await obtainTokens(t, client, aliceId);
    await t.app.get(ClientLifecycle).suspend(doomed.clientId, 'abuse', { actor: 'test' });
    await me(t, users.access_token).expect(401);
    expect((await refresh(t, doomed, users.refresh_token!).expect(401)).body.error).toBe('invalid_client');
    await t.app.get(ClientLifecycle).reactivate(doomed.clientId, undefined, { actor: 'test' });
    expect(await isActive(t, doomed, machine.access_token)).toBe(false);
    expect((await refresh(t, doomed, users.refresh_token!).expect(400)).body.error).toBe('invalid_grant');
    await me(t, users.access_token).expect(401);
    await me(t, bystander.access_token).expect(200);
  });
});
