import { UsersService } from '../../libs/accounts/src';
import { ClientLifecycle } from '../../libs/clients/src';
import { adminToken, bearer } from '../support/admin';
import { startTestApp, TestApp } from '../support/app';
import { hiddenInput } from '../support/browser-flow';
import { rsaPair } from '../support/dialects';
import { ADMIN, ALICE, basicAuth, createClient, createUser, TestClient } from '../support/fixtures';
import { obtainTokens } from '../support/tokens';

/**
 * Issue 14, finding 1: `POST /oauth2/refresh_token` (seed 004) redeemed the refresh token of ANY
 * confidential channel without its secret. The no-secret path is now for channels with
 * `secretless_refresh` (set by `/client/add`, or by an operator); every other channel
 * authenticates there as at the standard token endpoint.
 */
describe('seed 004 secret-less refresh only for seed-004 channels (issue 14 #1)', () => {
  let t: TestApp;
  let userId: string;
  let token: string;

  beforeAll(async () => {
    t = await startTestApp({ env: { THROTTLE_REGISTRATION: '50' } });
    await createUser(t, ALICE);
    userId = (await t.app.get(UsersService).findByUsername(ALICE.username))!.id;
    token = await adminToken(t);
  });
  afterAll(() => t.close());

  const secretless = (c: TestClient, refreshToken: string) =>
    t.http().post(`/oauth2/refresh_token?client_id=${c.clientId}&grant_type=refresh_token&refresh_token=${refreshToken}`);

  async function addedChannel(): Promise<TestClient> {
    const reg = await t.http().get('/client/add').query({ clientName: 'Seed 004 app', redirectUrl: 'https://app.example/cb' }).expect(200);
    const client = await t.app.get(ClientLifecycle).approve(reg.body.data.clientId, undefined, { actor: 'test' });
    return { client, clientId: reg.body.data.clientId, clientSecret: reg.body.data.clientSecret, redirectUri: 'https://app.example/cb' };
  }

  it('#1 a channel registered through /client/add is marked secretless_refresh and refreshes without a secret', async () => {
    const channel = await addedChannel();
    const shown = await t.http().get(`/api/admin/clients/${channel.clientId}`).set('Authorization', bearer(token)).expect(200);
    expect(shown.body.secretless_refresh).toBe(true);
    const tokens = await obtainTokens(t, channel, userId, { scopes: ['snsapi_login'] });
    const res = await secretless(channel, tokens.refresh_token!).expect(200);
    expect(res.body.refresh_token).toEqual(expect.any(String));
  });

  it('#1 a channel registered the standard way is not marked, and needs its secret at /oauth2/refresh_token (401 invalid_client without)', async () => {
    const channel = await createClient(t);
    expect(channel.client.secretless_refresh).toBe(false);
    const tokens = await obtainTokens(t, channel, userId);
    const refused = await secretless(channel, tokens.refresh_token!).expect(401);
    expect(refused.body.error).toBe('invalid_client');
    // the refresh token was not spent by the refused call: the same one works with the secret (query or Basic)
    const withSecret = await t.http().post(`/oauth2/refresh_token?client_id=${channel.clientId}&client_secret=${channel.clientSecret}&grant_type=refresh_token&refresh_token=${tokens.refresh_token}`).expect(200);
    await t.http().post(`/oauth2/refresh_token?grant_type=refresh_token&refresh_token=${withSecret.body.refresh_token}`)
      .set('Authorization', basicAuth(channel.clientId, channel.clientSecret!)).expect(200);
  });

  it('#1 a seed-003 app (RSA key registered) cannot refresh at /oauth2/refresh_token without authenticating', async () => {
    const channel = await createClient(t, { sop_public_key: rsaPair().publicKey, access_token_ttl: -1, refresh_token_ttl: -1 });
    const tokens = await obtainTokens(t, channel, userId);
    expect((await secretless(channel, tokens.refresh_token!).expect(401)).body.error).toBe('invalid_client');
  });

  it('#1 a public channel may use the route with its client_id alone, as at the standard token endpoint', async () => {
    const channel = await createClient(t, { token_endpoint_auth_method: 'none', grant_types: ['authorization_code', 'refresh_token'] });
    const tokens = await obtainTokens(t, channel, userId);
    await secretless(channel, tokens.refresh_token!).expect(200);
  });

  it('#1 an operator turns the setting on and off with PATCH /api/admin/clients/{id}; the audit log records it', async () => {
    const channel = await createClient(t);
    const on = await t.http().patch(`/api/admin/clients/${channel.clientId}`).set('Authorization', bearer(token)).send({ secretless_refresh: true }).expect(200);
    expect(on.body.secretless_refresh).toBe(true);
    const tokens = await obtainTokens(t, channel, userId);
    const refreshed = await secretless(channel, tokens.refresh_token!).expect(200);
    await t.http().patch(`/api/admin/clients/${channel.clientId}`).set('Authorization', bearer(token)).send({ secretless_refresh: false }).expect(200);
    expect((await secretless(channel, refreshed.body.refresh_token).expect(401)).body.error).toBe('invalid_client');
    const bad = await t.http().patch(`/api/admin/clients/${channel.clientId}`).set('Authorization', bearer(token)).send({ secretless_refresh: 'yes' }).expect(400);
    expect(JSON.stringify(bad.body)).toContain('secretless_refresh');
    const audit = await t.http().get('/api/admin/audit').query({ action: 'client.updated', target_id: channel.clientId }).set('Authorization', bearer(token)).expect(200);
    expect(JSON.stringify(audit.body)).toContain('secretless_refresh');
  });

  it('#1 self-registration at /api/v1/clients cannot ask for it', async () => {
    const res = await t.http().post('/api/v1/clients').send({ client_name: 'x', redirect_uris: ['https://app.example/cb'], secretless_refresh: true });
    expect(res.status).toBe(400);
  });

  it('#1 the console shows the setting on the channel page', async () => {
    const marked = await addedChannel();
    const plain = await createClient(t);
    const agent = t.http();
    const form = await agent.get('/admin/login').expect(200);
    await agent.post('/admin/login').type('form').send({ ...ADMIN, _csrf: hiddenInput(form.text, '_csrf'), return_to: '/admin' }).expect(302);
    const markedPage = await agent.get(`/admin/channels/${marked.clientId}`).expect(200);
    const plainPage = await agent.get(`/admin/channels/${plain.clientId}`).expect(200);
    expect(markedPage.text).toMatch(/id="secretless-refresh"[^>]*>\s*yes/i);
    expect(plainPage.text).toMatch(/id="secretless-refresh"[^>]*>\s*no/i);
  });
});
