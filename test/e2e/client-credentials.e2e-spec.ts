import { ClientRegistry } from '../../libs/clients/src';
import { AccessTokenEntity, ClientEntity } from '../../libs/persistence/src';
import { sha256Hex } from '../../libs/common/src';
import { startTestApp, TestApp } from '../support/app';
import { ALICE, createClient, createUser, TestClient } from '../support/fixtures';
import { clientCredentials, introspect, me, obtainTokens } from '../support/tokens';

describe('grant_type=client_credentials (RFC 6749 §4.4)', () => {
  let t: TestApp;
  let client: TestClient;
  beforeAll(async () => {
    t = await startTestApp();
    client = await createClient(t);
  });
  afterAll(async () => { await t.close(); });

  it('#29 issues an access token for the channel\'s scopes, without a refresh token', async () => {
    const res = await clientCredentials(t, client).expect(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body).toEqual({ access_token: expect.stringMatching(/^gha_/), token_type: 'Bearer', expires_in: 3600, scope: 'user_id_read profile' });
    expect(res.body.refresh_token).toBeUndefined();
    const row = await t.dataSource.getRepository(AccessTokenEntity).findOneByOrFail({ tokenHash: sha256Hex(res.body.access_token) });
    expect(row.userId).toBeNull();
    expect(row.refreshTokenId).toBeNull();
  });

  it('grants a narrower scope; a scope beyond the channel\'s → invalid_scope', async () => {
    expect((await clientCredentials(t, client, { scope: 'profile' }).expect(200)).body.scope).toBe('profile');
    for (const scope of ['snsapi_login', 'profile admin', 'bad"scope']) {
      expect((await clientCredentials(t, client, { scope }).expect(400)).body.error).toBe('invalid_scope');
    }
  });

  it('#25 a public client → unauthorized_client, even with client_credentials among its grant types', async () => {
    const pub = await createClient(t, { token_endpoint_auth_method: 'none', grant_types: ['authorization_code'] });
    expect((await clientCredentials(t, pub).expect(400)).body.error).toBe('unauthorized_client');
    // Registration refuses the combination; write it directly to prove the grant checks it too.
    await t.dataSource.getRepository(ClientEntity).update({ clientId: pub.clientId }, { grantTypes: ['authorization_code', 'client_credentials'] });
    await t.app.get(ClientRegistry).changed(t.dataSource.manager, pub.clientId);
    expect((await clientCredentials(t, pub).expect(400)).body.error).toBe('unauthorized_client');
  });

  it('#25 a confidential client without its secret → invalid_client', async () => {
    const res = await t.http().post('/oauth2/token').type('form').send({ grant_type: 'client_credentials', client_id: client.clientId }).expect(401);
    expect(res.body.error).toBe('invalid_client');
  });

  it('a channel not registered for client_credentials → unauthorized_client', async () => {
    const codeOnly = await createClient(t, { grant_types: ['authorization_code', 'refresh_token'] });
    expect((await clientCredentials(t, codeOnly).expect(400)).body.error).toBe('unauthorized_client');
  });

  it('the token has no user: /api/v1/me answers 403 insufficient_scope', async () => {
    const { body } = await clientCredentials(t, client).expect(200);
    const res = await me(t, body.access_token).expect(403);
    expect(res.body.error).toBe('insufficient_scope');
    expect(res.headers['www-authenticate']).toContain('error="insufficient_scope"');
  });

  it('#39 its introspected sub is "client:<client_id>", which no user sub can collide with', async () => {
    const { body } = await clientCredentials(t, client).expect(200);
    const info = (await introspect(t, client, body.access_token).expect(200)).body;
    expect(info).toMatchObject({ active: true, sub: `client:${client.clientId}`, client_id: client.clientId, token_type: 'Bearer' });
    expect(info.username).toBeUndefined();
    const alice = await createUser(t, ALICE);
    const userToken = await obtainTokens(t, client, alice.id);
    const userInfo = (await introspect(t, client, userToken.access_token).expect(200)).body;
    expect(userInfo.sub).not.toMatch(/^client:/);
    expect(userInfo.sub).not.toBe(info.sub);
  });
});
