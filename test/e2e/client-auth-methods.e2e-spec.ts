import supertest from 'supertest';
import { startTestApp, TestApp } from '../support/app';
import { basicAuth, createClient, TestClient } from '../support/fixtures';

/**
 * Issue 14, "from third-party clients" (RFC 6749 §2.3, RFC 7591 §2, OAuth 2.1 §2.4): a channel
 * authenticates with the token_endpoint_auth_method it registered, and with one method per
 * request. Both refusals are 401 invalid_client (with a Basic challenge when Basic was used) and
 * say why. On a seed dialect's route the method its document prescribes is accepted too: every
 * documented call keeps working whatever the channel registered.
 */
describe('client authentication methods', () => {
  let t: TestApp;
  let basicClient: TestClient;
  let postClient: TestClient;
  let publicClient: TestClient;
  beforeAll(async () => {
    t = await startTestApp({ env: { THROTTLE_CLIENT_AUTH: '5' } });
    basicClient = await createClient(t, { token_endpoint_auth_method: 'client_secret_basic' });
    postClient = await createClient(t, { token_endpoint_auth_method: 'client_secret_post' });
    publicClient = await createClient(t, { token_endpoint_auth_method: 'none', grant_types: ['authorization_code', 'refresh_token'] });
  });
  afterAll(async () => { await t.close(); });

  const viaBasic = (path: string, c: TestClient, body: Record<string, string>) =>
    t.http().post(path).type('form').set('Authorization', basicAuth(c.clientId, c.clientSecret!)).send(body);
  const viaPost = (path: string, c: TestClient, body: Record<string, string>) =>
    t.http().post(path).type('form').send({ client_id: c.clientId, client_secret: c.clientSecret!, ...body });
  const both = (path: string, c: TestClient, body: Record<string, string>) =>
    t.http().post(path).type('form').set('Authorization', basicAuth(c.clientId, c.clientSecret!)).send({ client_secret: c.clientSecret!, ...body });

  const ENDPOINTS: [string, Record<string, string>, number][] = [
    ['/oauth2/token', { grant_type: 'client_credentials' }, 200],
    ['/oauth2/introspect', { token: 'gha_unknown' }, 200],
    ['/oauth2/revoke', { token: 'gha_unknown' }, 200],
  ];

  function refusedAsInvalidClient(res: supertest.Response, description: RegExp, basicUsed: boolean): void {
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ error: 'invalid_client', error_description: expect.stringMatching(description) });
    expect(res.headers['cache-control']).toBe('no-store');
    if (basicUsed) expect(res.headers['www-authenticate']).toMatch(/^Basic realm=/);
    else expect(res.headers['www-authenticate']).toBeUndefined();
  }

  describe.each(ENDPOINTS)('%s', (path, body, okStatus) => {
    it('each channel authenticates with the method it registered', async () => {
      expect((await viaBasic(path, basicClient, body)).status).toBe(okStatus);
      expect((await viaPost(path, postClient, body)).status).toBe(okStatus);
    });

    it('a client_secret_basic channel may not use client_secret_post, even with the right secret', async () => {
      refusedAsInvalidClient(await viaPost(path, basicClient, body), /registered to authenticate with client_secret_basic.*not client_secret_post/, false);
    });

    it('a client_secret_post channel may not use Basic, even with the right secret (challenge included)', async () => {
      refusedAsInvalidClient(await viaBasic(path, postClient, body), /registered to authenticate with client_secret_post.*not client_secret_basic/, true);
    });

    it('Basic plus client_secret in the body is refused, whatever the channel registered', async () => {
      refusedAsInvalidClient(await both(path, basicClient, body), /use one client authentication method/, true);
      refusedAsInvalidClient(await both(path, postClient, body), /use one client authentication method/, true);
    });

    it('none is for public clients only; a public client may not present a secret', async () => {
      refusedAsInvalidClient(await t.http().post(path).type('form').send({ client_id: basicClient.clientId, ...body }), /must authenticate with its secret/, false);
      const pub = await t.http().post(path).type('form').send({ client_id: publicClient.clientId, client_secret: 'ghs_anything', ...body });
      refusedAsInvalidClient(pub, /public client/, false);
    });
  });

  it('a wrong method tests no secret, so it never counts toward a lock', async () => {
    for (let i = 0; i < 12; i++) expect((await viaPost('/oauth2/token', basicClient, { grant_type: 'client_credentials' })).status).toBe(401);
    for (let i = 0; i < 12; i++) expect((await both('/oauth2/token', basicClient, { grant_type: 'client_credentials' })).status).toBe(401);
    expect((await viaBasic('/oauth2/token', basicClient, { grant_type: 'client_credentials' })).status).toBe(200);
  });

  describe('seed dialects: the documented call works whatever the channel registered; two methods never do', () => {
    // A made-up code: a 400 invalid_grant means client authentication passed, a 401 invalid_client that it did not.
    const code = 'ghc_made-up-code';

    it('000 /access_token: the secret as `token` in the query', async () => {
      for (const c of [basicClient, postClient]) {
        const res = await t.http().get('/access_token').query({ channel_id: c.clientId, token: c.clientSecret!, code, grant_type: 'authorization_code' });
        expect(res.body.error).toBe('invalid_grant');
      }
      const twice = await t.http().get('/access_token').set('Authorization', basicAuth(basicClient.clientId, basicClient.clientSecret!))
        .query({ channel_id: basicClient.clientId, token: basicClient.clientSecret!, code, grant_type: 'authorization_code' });
      refusedAsInvalidClient(twice, /use one client authentication method/, true);
    });

    it('001 /index.php?app=token: Basic, client_id in the body', async () => {
      const raw = (c: TestClient) => `Basic ${Buffer.from(`${c.clientId}:${c.clientSecret}`).toString('base64')}`;
      for (const c of [basicClient, postClient]) {
        const res = await t.http().post('/index.php?app=token').set('Authorization', raw(c)).type('form')
          .send(`grant_type=authorization_code&code=${code}&client_id=${c.clientId}`);
        expect(res.body.error).toBe('invalid_grant');
      }
      const twice = await t.http().post('/index.php?app=token').set('Authorization', raw(postClient)).type('form')
        .send({ grant_type: 'authorization_code', code, client_id: postClient.clientId, client_secret: postClient.clientSecret! });
      refusedAsInvalidClient(twice, /use one client authentication method/, true);
    });

    it('002 /v1/oauth2/accessToken: client_id and client_secret in the form', async () => {
      for (const c of [basicClient, postClient]) {
        const res = await viaPost('/v1/oauth2/accessToken', c, { redirect_uri: c.redirectUri, grant_type: 'authorization_code', code });
        expect(res.body.error).toBe('invalid_grant');
      }
      refusedAsInvalidClient(await both('/v1/oauth2/accessToken', basicClient, { grant_type: 'authorization_code', code }), /use one client authentication method/, true);
    });

    it('004 /oauth2/access_token: client_id and client_secret in the query', async () => {
      for (const c of [basicClient, postClient]) {
        const res = await t.http().get(`/oauth2/access_token?client_id=${c.clientId}&client_secret=${c.clientSecret}&grant_type=authorization_code&=${c.redirectUri}&code=${code}`);
        expect(res.body.error).toBe('invalid_grant');
      }
      const twice = await t.http().get(`/oauth2/access_token?client_id=${basicClient.clientId}&client_secret=${basicClient.clientSecret}&grant_type=authorization_code&code=${code}`)
        .set('Authorization', basicAuth(basicClient.clientId, basicClient.clientSecret!));
      refusedAsInvalidClient(twice, /use one client authentication method/, true);
    });
  });
});
