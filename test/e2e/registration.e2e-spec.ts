import { ClientAuthenticator, ClientLifecycle } from '../../libs/clients/src';
import { sha256Hex } from '../../libs/common/src';
import { AuditLog, ClientEntity } from '../../libs/persistence/src';
import { startTestApp, TestApp } from '../support/app';
import { adminToken, bearer } from '../support/admin';
import { basicAuth } from '../support/fixtures';

const valid = { client_name: 'Acme Reader', redirect_uris: ['https://acme.example/cb'] };

describe('POST /api/v1/clients (RFC 7591 registration)', () => {
  let t: TestApp;
  // Many registrations from one address here; throttling has its own app below.
  beforeAll(async () => { t = await startTestApp({ env: { THROTTLE_REGISTRATION: '10000' } }); });
  afterAll(async () => { await t.close(); });

  const register = (body: unknown) => t.http().post('/api/v1/clients').send(body as object);

  it('registers a pending channel and shows its secret once, with Cache-Control: no-store (#23)', async () => {
    const res = await register({ ...valid, description: 'Reads ids', owner_name: 'Acme Ltd.', scope: 'user_id_read' }).expect(201);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body).toMatchObject({
      client_name: 'Acme Reader', redirect_uris: ['https://acme.example/cb'], status: 'pending', scope: 'user_id_read',
      description: 'Reads ids', owner_name: 'Acme Ltd.', token_endpoint_auth_method: 'client_secret_basic',
      grant_types: ['authorization_code', 'refresh_token'], require_pkce: false, client_secret_expires_at: 0,
    });
    expect(res.body.client_id).toMatch(/^[0-9a-f]{24}$/);
    expect(res.body.client_secret).toMatch(/^ghs_[A-Za-z0-9_-]{43}$/);
    expect(typeof res.body.client_id_issued_at).toBe('number');
    const row = await t.dataSource.getRepository(ClientEntity).findOneByOrFail({ clientId: res.body.client_id });
    expect(row.secretHash).toBe(sha256Hex(res.body.client_secret));
    expect(JSON.stringify(row)).not.toContain(res.body.client_secret);
  });

  it('defaults the scope to "user_id_read profile" and accepts loopback, IPv6 loopback and private-use redirect URIs', async () => {
    const uris = ['http://127.0.0.1:8080/cb', 'http://[::1]/cb', 'http://localhost:3000/cb', 'com.example.app:/oauth2redirect', 'https://acme.example/cb?x=1'];
    const res = await register({ client_name: 'Native', redirect_uris: uris }).expect(201);
    expect(res.body.redirect_uris).toEqual(uris);
    expect(res.body.scope).toBe('user_id_read profile');
  });

  it('#27 generated client secrets are 256-bit, unique and unpredictable', async () => {
    const secrets = new Set<string>();
    const ids = new Set<string>();
    for (let i = 0; i < 5; i++) {
      const res = await register(valid).expect(201);
      secrets.add(res.body.client_secret);
      ids.add(res.body.client_id);
      expect(Buffer.from(res.body.client_secret.slice(4), 'base64url')).toHaveLength(32);
    }
    expect(secrets.size).toBe(5);
    expect(ids.size).toBe(5);
  });

  it('registers a public client without a secret, with PKCE forced on', async () => {
    const res = await register({ ...valid, token_endpoint_auth_method: 'none', require_pkce: false }).expect(201);
    expect(res.body.token_endpoint_auth_method).toBe('none');
    expect(res.body.require_pkce).toBe(true);
    expect(res.body).not.toHaveProperty('client_secret');
    expect(res.body).not.toHaveProperty('client_secret_expires_at');
  });

  it('#39 refuses a client-chosen client_id', async () => {
    const res = await register({ ...valid, client_id: 'my-own-id' }).expect(400);
    expect(res.body.error).toBe('invalid_client_metadata');
    expect(res.body.message).toEqual(['property client_id should not exist']);
    expect(await t.dataSource.getRepository(ClientEntity).countBy({ clientId: 'my-own-id' })).toBe(0);
  });

  it('refuses unknown fields, naming them', async () => {
    const res = await register({ ...valid, client_secret: 'mine', logo_uri: 'https://x' }).expect(400);
    expect(res.body.error).toBe('invalid_client_metadata');
    expect(res.body.message).toEqual(expect.arrayContaining(['property client_secret should not exist', 'property logo_uri should not exist']));
  });

  describe('#5 redirect URI rules', () => {
    it.each([
      ['http://acme.example/cb', 'must use https (http is allowed only for loopback addresses)'],
      ['https://acme.example/cb#section', 'must not contain a fragment'],
      ['https://*.acme.example/cb', 'must not contain a wildcard'],
      ['https://acme.example/*', 'must not contain a wildcard'],
      ['/cb', 'is not an absolute URI'],
      ['acme.example/cb', 'is not an absolute URI'],
      ['https://user:pw@acme.example/cb', 'must not contain user information'],
      ['javascript:alert(1)', 'uses a forbidden scheme'],
      ['myapp:/cb', 'reverse-domain private-use scheme'],
      ['com.example.app:/', 'needs a full path'],
      ['https://acme.example/c b', 'must not contain white space'],
      ['https://acme.example/caf\u00e9', 'must contain only printable ASCII'],
    ])('refuses %s', async (uri, reason) => {
      const res = await register({ ...valid, redirect_uris: [uri] }).expect(400);
      expect(res.body.error).toBe('invalid_redirect_uri');
      expect(res.body.error_description).toContain('redirect_uris');
      expect(res.body.error_description).toContain(reason);
      expect(res.body.details).toEqual({ field: 'redirect_uris' });
    });

    it('refuses a missing, empty or oversized list', async () => {
      for (const redirect_uris of [undefined, [], Array.from({ length: 21 }, (_, i) => `https://acme.example/${i}`), 'https://acme.example/cb', [42]]) {
        const res = await register({ client_name: 'x', redirect_uris }).expect(400);
        expect(res.body.error).toBe('invalid_redirect_uri');
        expect(res.body.message.every((m: string) => m.includes('redirect_uris'))).toBe(true);
      }
    });

    it('applies the same rules to post_logout_redirect_uris', async () => {
      const res = await register({ ...valid, post_logout_redirect_uris: ['http://acme.example/bye'] }).expect(400);
      expect(res.body.error).toBe('invalid_redirect_uri');
      expect(res.body.error_description).toContain('post_logout_redirect_uris');
    });
  });

  describe('other metadata', () => {
    it.each(([
      [{ scope: 'user_id_read orders_write' }, 'scope: unknown scope(s): orders_write'],
      [{ scope: '   ' }, 'scope: must name at least one scope'],
      [{ token_endpoint_auth_method: 'none', grant_types: ['client_credentials'] }, 'grant_types: client_credentials needs a confidential client'],
      [{ grant_types: ['password'] }, 'each value in grant_types must be one of the following values'],
      [{ grant_types: ['implicit'] }, 'each value in grant_types must be one of the following values'],
      [{ token_endpoint_auth_method: 'private_key_jwt' }, 'token_endpoint_auth_method must be one of the following values'],
      [{ client_name: '' }, 'client_name should not be empty'],
      [{ client_name: '   ' }, 'client_name: must be a non-empty string'],
      [{ client_name: 'x'.repeat(129) }, 'client_name must be shorter than or equal to 128 characters'],
      [{ client_name: 7 }, 'client_name must be a string'],
      [{ require_pkce: 'yes' }, 'require_pkce must be a boolean value'],
      [{ sop_public_key: 'not a key' }, 'sop_public_key: must be an RSA public key in PEM form'],
      [{ description: 'd'.repeat(2001) }, 'description must be shorter than or equal to 2000 characters'],
    ] as [object, string][]).map(([change, message]) => [message, change] as const))('refuses a bad value: "%s"', async (message, change) => {
      const res = await register({ ...valid, ...change }).expect(400);
      expect(res.body.error).toBe('invalid_client_metadata');
      expect(res.body.error_description).toContain(message);
    });

    it('accepts an RSA public key for the seed 003 gateway', async () => {
      const { generateKeyPairSync } = await import('node:crypto');
      const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
      const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
      const res = await register({ ...valid, sop_public_key: pem }).expect(201);
      expect(res.body.sop_public_key).toBe(pem);
    });

    it('answers 400, never 500, to bodies that are not a JSON object', async () => {
      for (const body of ['[]', '[{"client_name":"x"}]', '"text"', 'null', '{"client_name":', '{"redirect_uris":{"0":"https://a/cb"}}']) {
        const res = await t.http().post('/api/v1/clients').set('Content-Type', 'application/json').send(body);
        expect(res.status).toBe(400);
        expect(['invalid_request', 'invalid_client_metadata', 'invalid_redirect_uri']).toContain(res.body.error);
      }
    });
  });

  it('a pending channel cannot authenticate at the token endpoint until approved', async () => {
    const res = await register(valid).expect(201);
    const auth = t.app.get(ClientAuthenticator);
    const creds = { authorization: basicAuth(res.body.client_id, res.body.client_secret), body: {}, ip: '192.0.2.1' };
    await expect(auth.authenticate(creds)).rejects.toMatchObject({ error: 'invalid_client' });
    await t.app.get(ClientLifecycle).approve(res.body.client_id, undefined, { actor: 'test' });
    await expect(auth.authenticate(creds)).resolves.toMatchObject({ method: 'client_secret_basic' });
  });

  it('audits an anonymous registration with the caller address', async () => {
    const res = await register(valid).expect(201);
    const { items } = await t.app.get(AuditLog).query({ targetId: res.body.client_id });
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ actor: 'anonymous', action: 'client.registered', target_type: 'client', ip: '127.0.0.1' });
  });

  it('an operator registering with a bearer token is the audit actor', async () => {
    const token = await adminToken(t);
    const res = await register(valid).set('Authorization', bearer(token)).expect(201);
    const { items } = await t.app.get(AuditLog).query({ targetId: res.body.client_id });
    expect(items[0].actor).toBe('admin:admin');
    await register(valid).set('Authorization', 'Bearer ghadm_not-a-real-token').expect(401);
  });
});

describe('registration throttling per address', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { THROTTLE_REGISTRATION: '3', THROTTLE_REGISTRATION_WINDOW: '3600', TRUST_PROXY: '127.0.0.1' } });
  });
  afterAll(async () => { await t.close(); });

  const from = (ip: string, body: object = valid) => t.http().post('/api/v1/clients').set('X-Forwarded-For', ip).send(body);

  it('counts every registration and answers 429 beyond the limit; other addresses and operators are unaffected', async () => {
    await from('203.0.113.1').expect(201);
    await from('203.0.113.1', { ...valid, redirect_uris: ['http://evil.example/cb'] }).expect(400);
    await from('203.0.113.1').expect(201);
    const blocked = await from('203.0.113.1').expect(429);
    expect(blocked.body.error).toBe('too_many_requests');
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    await from('203.0.113.2').expect(201);
    const token = await adminToken(t);
    await from('203.0.113.1').set('Authorization', bearer(token)).expect(201);
  });
});

describe('REGISTRATION=closed', () => {
  let t: TestApp;
  beforeAll(async () => { t = await startTestApp({ env: { REGISTRATION: 'closed' } }); });
  afterAll(async () => { await t.close(); });

  it('refuses anonymous callers with 403 and a JSON error', async () => {
    const res = await t.http().post('/api/v1/clients').send(valid).expect(403);
    expect(res.body.error).toBe('forbidden');
    expect(res.body.error_description).toMatch(/Registration is closed/);
    expect(await t.dataSource.getRepository(ClientEntity).count()).toBe(0);
  });

  it('refuses an invalid bearer token with 401', async () => {
    const res = await t.http().post('/api/v1/clients').set('Authorization', 'Bearer nope').send(valid).expect(401);
    expect(res.body.error).toBe('unauthorized');
  });

  it('lets an operator with an admin bearer token register', async () => {
    const token = await adminToken(t);
    const res = await t.http().post('/api/v1/clients').set('Authorization', bearer(token)).send(valid).expect(201);
    expect(res.body.status).toBe('pending');
  });
});
