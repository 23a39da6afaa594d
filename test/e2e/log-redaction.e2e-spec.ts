import { UsersService } from '../../libs/accounts/src';
import { startTestApp, TestApp } from '../support/app';
import { FlowSecrets, needlesOf, runSecretFlow } from '../support/hostile';

/**
 * PRODUCT.md "Where a seed puts a secret in a query string, the server accepts it and never
 * writes it to a log" (issue 7 "Logs"): a full flow, then the calls the seed documents (and
 * careless variants of them) with secrets in query strings, headers and bodies; the log output,
 * at its most verbose level, contains none of the secrets.
 */
describe('log redaction', () => {
  let t: TestApp;
  let flow: FlowSecrets;
  const previousLevel = process.env.TEST_LOG_LEVEL;

  beforeAll(async () => {
    process.env.TEST_LOG_LEVEL = 'trace';
    t = await startTestApp({ env: { THROTTLE_REGISTRATION: '1000' } });
    flow = await runSecretFlow(t, async (username, password) => {
      await t.app.get(UsersService).create({ username, password, isAdmin: true }, { actor: 'test' });
    });
  });
  afterAll(async () => {
    await t.close();
    if (previousLevel === undefined) delete process.env.TEST_LOG_LEVEL;
    else process.env.TEST_LOG_LEVEL = previousLevel;
  });

  /** Secrets handed out by the seed-style calls themselves (seed 004's GET registration answers with one). */
  const issued: Record<string, string> = {};

  async function seedStyleCalls(): Promise<void> {
    const s = flow.secrets;
    const id = flow.clientId;
    const q = (params: Record<string, string>) => new URLSearchParams(params).toString();
    const basic = `Basic ${Buffer.from(`${id}:${s.rotatedClientSecret}`).toString('base64')}`;
    const gets = [
      `/oauth2/token?${q({ grant_type: 'client_credentials', client_id: id, client_secret: s.rotatedClientSecret })}`,
      `/access_token?${q({ channel_id: id, token: s.rotatedClientSecret, code: s.unredeemedCode })}`,
      `/oauth2/access_token?${q({ grant_type: 'authorization_code', client_id: id, client_secret: s.clientSecret, code: s.code })}`,
      `/user_id?${q({ access_token: s.accessToken2 })}`,
      `/v1/oauth2/getOpenId?${q({ access_token: s.accessToken2 })}`,
      `/api/v1/me?${q({ access_token: s.accessToken2 })}`,
      `/api/v1/me?ACCESS_TOKEN=${s.accessToken2}&Client_Secret=${s.clientSecret}`,
      `/api/v1/me?access%5Ftoken=${encodeURIComponent(s.accessToken2)}&refresh%5Ftoken=${s.refreshToken2}`,
      `/oauth2/authorize?${q({ client_id: id, code_verifier: s.pkceVerifier, password: s.userPassword })}`,
      `/login?${q({ username: 'someone', password: s.userPassword })}`,
      `/client/add?${q({ clientName: 'x', redirectUrl: 'https://app.example/cb', clientSecret: s.clientSecret })}`,
      `/index.php?app=token&${q({ client_secret: s.clientSecret, refresh_token: s.refreshToken2 })}`,
    ];
    for (const path of gets) {
      const res = await t.http().get(path).set('Cookie', `gh_session=${s.session0}`);
      expect(res.status).toBeLessThan(500);
    }
    const posts: [string, Record<string, string>][] = [
      ['/oauth2/token', { grant_type: 'refresh_token', refresh_token: s.refreshToken2, client_id: id, client_secret: s.rotatedClientSecret }],
      ['/oauth2/token', { grant_type: 'authorization_code', code: s.unredeemedCode, code_verifier: s.pkceVerifier, client_id: id, client_secret: 'wrong' }],
      ['/oauth2/introspect', { token: s.accessToken2, client_id: id, client_secret: s.rotatedClientSecret }],
      ['/oauth2/refresh_token', { refresh_token: s.refreshToken2, client_id: id }],
      [`/oauth2/token?${q({ refresh_token: s.refreshToken2, client_secret: s.rotatedClientSecret })}`, { grant_type: 'refresh_token' }],
      ['/sop/gateway', { method: 'open.auth.token.app', app_id: id, biz_content: JSON.stringify({ code: s.unredeemedCode, refresh_token: s.refreshToken2 }) }],
    ];
    for (const [path, body] of posts) {
      const res = await t.http().post(path).type('form').set('Authorization', basic).send(body);
      expect(res.status).toBeLessThan(500);
    }
    const added = await t.http().get(`/client/add?${q({ clientName: 'Log Probe', redirectUrl: 'https://app.example/cb', description: 'x' })}`);
    expect(added.status).toBeLessThan(500);
    if (typeof added.body?.data?.clientSecret === 'string') issued.seed004ClientSecret = added.body.data.clientSecret;
    await t.http().post('/api/admin/session').send({ username: 'nobody', password: s.adminPassword }).expect(401);
    await t.http().get('/api/admin/clients').set('Authorization', `Bearer ${s.adminToken}`).expect(200);
    await t.http().get('/api/v1/me').set('Authorization', `Bearer ${s.clientCredentialsToken}`).expect(403);
  }

  it('writes no secret the flow or the seed-style calls carried into the log, at the most verbose level', async () => {
    await seedStyleCalls();
    const logs = t.logs();
    const found: string[] = [];
    for (const [name, secret] of Object.entries({ ...flow.secrets, ...issued })) {
      for (const needle of needlesOf(secret)) {
        const at = logs.indexOf(needle);
        if (at >= 0) found.push(`${name}: …${logs.slice(Math.max(0, at - 120), at + 20)}…`);
      }
    }
    expect(found).toEqual([]);
  });

  it('did log those requests, with the secret values replaced (the check above is not vacuous)', () => {
    const logs = t.logs();
    expect(logs).toContain('/access_token?');
    expect(logs).toContain(`channel_id=${flow.clientId}`);
    expect(logs).toContain('token=[REDACTED]');
    expect(logs).toContain('/v1/oauth2/getOpenId?access_token=[REDACTED]');
    expect(logs.split('\n').filter((line) => line.includes('"url"')).length).toBeGreaterThan(30);
  });
});
