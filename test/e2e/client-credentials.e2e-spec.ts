import { ClientRegistry, ScopesService } from '../../libs/clients/src';
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
    await t.app.get(ScopesService).create({ name: 'orders_read', description: 'Read the orders of the shop', description_zh: null }, { actor: 'test' });
    await t.app.get(ScopesService).create({ name: 'reports_read', description: 'Read the sales reports', description_zh: null }, { actor: 'test' });
    client = await createClient(t, { scope: 'user_id_read profile orders_read reports_read' });
  });
  afterAll(async () => { await t.close(); });

  it('#29 issues an access token for the channel\'s non-user scopes (the default set), without a refresh token', async () => {
    const res = await clientCredentials(t, client).expect(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body).toEqual({ access_token: expect.stringMatching(/^gha_/), token_type: 'Bearer', expires_in: 3600, scope: 'orders_read reports_read' });
    expect(res.body.refresh_token).toBeUndefined();
    const row = await t.dataSource.getRepository(AccessTokenEntity).findOneByOrFail({ tokenHash: sha256Hex(res.body.access_token) });
    expect(row.userId).toBeNull();
    expect(row.refreshTokenId).toBeNull();
  });

  it('grants a narrower scope; a scope beyond the channel\'s → invalid_scope', async () => {
    expect((await clientCredentials(t, client, { scope: 'orders_read' }).expect(200)).body.scope).toBe('orders_read');
    for (const scope of ['admin', 'orders_read admin', 'bad"scope']) {
      expect((await clientCredentials(t, client, { scope }).expect(400)).body.error).toBe('invalid_scope');
    }
  });

  it('never grants a scope that describes a user, even one the channel holds: invalid_scope saying why', async () => {
    const oidc = await createClient(t, { scope: 'openid profile user_id_read snsapi_login orders_read' });
    for (const scope of ['openid', 'profile', 'user_id_read', 'snsapi_login', 'orders_read profile', 'offline_access']) {
      const res = await clientCredentials(t, oidc, { scope }).expect(400);
      expect(res.body.error).toBe('invalid_scope');
      if (scope !== 'offline_access') expect(res.body.error_description).toContain('describes a user');
    }
    // Without scope: the documented default, the channel's non-user scopes.
    expect((await clientCredentials(t, oidc).expect(200)).body.scope).toBe('orders_read');
  });

  it('a channel holding only user scopes gets a token without scope when it asks for none', async () => {
    const userOnly = await createClient(t, { scope: 'openid profile' });
    const { body } = await clientCredentials(t, userOnly).expect(200);
    expect(body.scope).toBe('');
    const info = (await introspect(t, userOnly, body.access_token).expect(200)).body;
    expect(info.active).toBe(true);
    expect(info.scope ?? '').toBe('');
  });

  it('an operator marks a new scope as user-bound; client_credentials then refuses it', async () => {
    const scope = await t.app.get(ScopesService).create({ name: 'wallet_read', description: 'Read your wallet', description_zh: null, user_bound: true }, { actor: 'test' });
    expect(scope.user_bound).toBe(true);
    const holder = await createClient(t, { scope: 'wallet_read orders_read' });
    expect((await clientCredentials(t, holder, { scope: 'wallet_read' }).expect(400)).body.error).toBe('invalid_scope');
    expect((await clientCredentials(t, holder).expect(200)).body.scope).toBe('orders_read');
  });

  it('userinfo tells a client_credentials token that it has no user', async () => {
    const oidc = await createClient(t, { scope: 'openid orders_read' });
    const { body } = await clientCredentials(t, oidc).expect(200);
    const res = await t.http().get('/oauth2/userinfo').set('Authorization', `Bearer ${body.access_token}`).expect(403);
    expect(res.body.error).toBe('insufficient_scope');
    expect(res.body.error_description).toContain('issued to a client (client_credentials), not a user');
    expect(res.headers['www-authenticate']).toContain('not a user');
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
