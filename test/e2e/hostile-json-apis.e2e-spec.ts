import fc from 'fast-check';
import supertest from 'supertest';
import { startTestApp, TestApp } from '../support/app';
import { adminToken, bearer } from '../support/admin';
import { createClient, createUser, TestClient } from '../support/fixtures';
import {
  cleanText, expectFieldMessage, expectHealthy, expectNo5xx, fcRuns, hostileJson, hostileObject, hostileQuery, OBJECT_MEMBER_KEYS,
  objectMemberKeyMessages, wrongContentTypes,
} from '../support/hostile';

/**
 * Issue 7 "Hostile input" on the JSON APIs: registration (RFC 7591) and the admin API.
 * PRODUCT.md: "Bad input on any JSON API: 400 with a body that says which field is wrong and
 * why. Unknown fields are rejected." Whatever arrives — wrong types, arrays and objects where
 * strings belong, prototype keys, non-JSON bodies, odd path parameters — never 5xx, and
 * nothing is created or changed by a refused request. Keys named like members of
 * Object.prototype (`constructor`, `toString` …) are unknown fields like any other, at any depth.
 */

const REGISTRATION_FIELDS = [
  'client_name', 'redirect_uris', 'description', 'scope', 'grant_types', 'token_endpoint_auth_method', 'owner_name',
  'require_pkce', 'post_logout_redirect_uris', 'sop_public_key',
] as const;
const USER_FIELDS = ['username', 'password', 'display_name', 'is_admin', 'disabled'] as const;
const CLIENT_PATCH_FIELDS = [...REGISTRATION_FIELDS, 'access_token_ttl', 'refresh_token_ttl', 'code_ttl', 'refresh_grace_seconds', 'token_format'] as const;

/** A path segment of any text, encoded the way a client would (and sometimes not). */
const pathSegment = fc.oneof(
  cleanText.filter((s) => s.length < 300).map((s) => encodeURIComponent(s) || 'x'),
  fc.constantFrom('%00', '%FF', '%E0%A4%A', '..', '%2e%2e', '%2F', 'a%2Fb', '%25', 'x'.repeat(300), '__proto__', 'constructor'),
);

/** Keys a JSON parser must refuse at any depth (prototype poisoning): `__proto__`, or `constructor.prototype`. */
function poisoned(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  if (Array.isArray(value)) return value.some(poisoned);
  const ctor = Object.hasOwn(value, 'constructor') ? (value as Record<string, unknown>).constructor : undefined;
  if (Object.hasOwn(value, '__proto__') || (typeof ctor === 'object' && ctor !== null && Object.hasOwn(ctor, 'prototype'))) return true;
  return Object.values(value).some(poisoned);
}

describe('hostile input: registration and the admin API', () => {
  let t: TestApp;
  let auth: string;
  let client: TestClient;
  let userId: string;

  beforeAll(async () => {
    t = await startTestApp({ env: { THROTTLE_REGISTRATION: '1000000', THROTTLE_LOGIN_PER_ACCOUNT: '1000000', THROTTLE_LOGIN_PER_ADDRESS: '1000000', THROTTLE_REQUESTS_PER_ADDRESS: '100000000' } });
    auth = bearer(await adminToken(t));
    client = await createClient(t);
    userId = (await createUser(t, { username: 'target', password: 'target-password-1' })).id;
  });
  afterAll(async () => { await t.close(); });
  afterEach(async () => { await expectHealthy(t); });

  const count = async (table: string) => Number((await t.dataSource.query(`SELECT COUNT(*) AS n FROM ${table}`))[0].n);

  /** A JSON API answer: < 500; a 400 names the field; the body is JSON with an error code. */
  function expectJsonAnswer(res: supertest.Response, fields: readonly string[], what: string, allowed: number[]): void {
    expectNo5xx(res, what);
    expect(allowed).toContain(res.status);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    if (res.status >= 400) expect(typeof res.body.error).toBe('string');
    if (res.status === 400) expectFieldMessage(res, fields);
  }

  /** A body with an Object-member key (one the body parser lets through) is a 400 that names each such key. */
  function expectMemberKeysRefused(res: supertest.Response, body: unknown): void {
    const owed = poisoned(body) ? [] : objectMemberKeyMessages(body);
    if (owed.length === 0) return;
    expect(res.status).toBe(400);
    expect(res.body.message).toEqual(expect.arrayContaining(owed));
  }

  describe('POST /api/v1/clients', () => {
    it('random JSON objects: 201 (a pending channel) or 400 invalid_client_metadata / invalid_redirect_uri naming the field', async () => {
      await fc.assert(fc.asyncProperty(hostileObject(REGISTRATION_FIELDS), async (body) => {
        const before = await count('clients');
        const res = await t.http().post('/api/v1/clients').send(body);
        expectJsonAnswer(res, REGISTRATION_FIELDS, JSON.stringify(body).slice(0, 300), [201, 400]);
        expectMemberKeysRefused(res, body);
        if (res.status === 400) {
          // A prototype-poisoning key is refused by the body parser, before registration sees the body.
          expect(poisoned(body) ? ['invalid_request'] : ['invalid_client_metadata', 'invalid_redirect_uri']).toContain(res.body.error);
          expect(await count('clients')).toBe(before);
        } else {
          expect(res.body.status).toBe('pending');
        }
      }), fcRuns(150));
    });

    it('a valid registration with one field replaced by any other JSON value: accepted only when the value is valid for it', async () => {
      const valid = { client_name: 'Fuzz App', redirect_uris: ['https://fuzz.example/cb'] };
      await fc.assert(fc.asyncProperty(fc.constantFrom(...REGISTRATION_FIELDS), hostileJson, async (field, value) => {
        const res = await t.http().post('/api/v1/clients').send({ ...valid, [field]: value });
        expectJsonAnswer(res, REGISTRATION_FIELDS, `${field}=${JSON.stringify(value)?.slice(0, 200)}`, [201, 400]);
        if (res.status === 400) expect(res.body.message.join(' ')).toContain(field);
      }), fcRuns(150));
    });

    it('bodies that are not a JSON object (arrays, scalars, broken JSON, other content types): 400, nothing created', async () => {
      const raw = fc.oneof(
        fc.jsonValue({ maxDepth: 2 }).filter((v) => v === null || typeof v !== 'object' || Array.isArray(v)).map((v) => JSON.stringify(v)),
        fc.constantFrom('{', '{"client_name":', '[', 'null', '"x"', '{"a":1}}', '\u0000', '\uFEFF{}', 'client_name=x&redirect_uris=y'),
        cleanText,
      );
      await fc.assert(fc.asyncProperty(raw, fc.constantFrom('application/json', ...wrongContentTypes), async (payload, type) => {
        const before = await count('clients');
        const res = await t.http().post('/api/v1/clients').set('Content-Type', type).send(payload);
        expectNo5xx(res, `${type} ${payload.slice(0, 200)}`);
        expect([400, 415]).toContain(res.status);
        expect(typeof res.body.error).toBe('string');
        expect(await count('clients')).toBe(before);
      }), fcRuns(100));
    });

    it.each([
      '{"client_name":"x","redirect_uris":["https://p.example/cb"],"__proto__":{"status":"approved","polluted":1}}',
      '{"client_name":"x","redirect_uris":["https://p.example/cb"],"constructor":{"prototype":{"polluted":1}}}',
      '{"client_name":"x","redirect_uris":["https://p.example/cb"],"a":{"b":{"__proto__":{"polluted":1}}}}',
    ])('prototype keys neither pollute nor pass: %s → 400, Object.prototype untouched, nothing created', async (payload) => {
      const before = await count('clients');
      const res = await t.http().post('/api/v1/clients').set('Content-Type', 'application/json').send(payload);
      expect(`${res.status} ${res.body.error}`).toBe('400 invalid_request');
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect(await count('clients')).toBe(before);
    });

    it.each(OBJECT_MEMBER_KEYS)('an unknown field named like an Object member (%s) gets the very answer of any other unknown field; nothing created', async (key) => {
      const valid = { client_name: 'Member Key', redirect_uris: ['https://member.example/cb'] };
      const other = await t.http().post('/api/v1/clients').send({ ...valid, logo_uri: 'https://member.example/logo.png' }).expect(400);
      expect(other.body.error).toBe('invalid_client_metadata');
      const before = await count('clients');
      const res = await t.http().post('/api/v1/clients').set('Content-Type', 'application/json')
        .send(`{"client_name":"Member Key","redirect_uris":["https://member.example/cb"],"${key}":"https://member.example/logo.png"}`);
      expect(res.status).toBe(400);
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.body).toEqual(JSON.parse(JSON.stringify(other.body).replaceAll('logo_uri', key)));
      expect(await count('clients')).toBe(before);
    });

    it.each([
      ['{"description":{"hasOwnProperty":"x"}}', ['description.property hasOwnProperty should not exist', 'description must be a string']],
      ['{"redirect_uris":[{"toString":"https://member.example/cb"}]}', ['redirect_uris.0.property toString should not exist']],
      ['{"owner_name":"o","extra":{"a":[{"valueOf":1}]}}', ['property extra should not exist', 'extra.a.0.property valueOf should not exist']],
      ['{"constructor":{"name":"Object"},"scope":{"isPrototypeOf":1}}', ['property constructor should not exist', 'scope.property isPrototypeOf should not exist']],
    ])('Object-member keys in nested objects are named too: %s → 400 %j', async (fields, messages) => {
      const body = { client_name: 'Nested', redirect_uris: ['https://nested.example/cb'], ...JSON.parse(fields) };
      const before = await count('clients');
      const res = await t.http().post('/api/v1/clients').send(body);
      expect(res.status).toBe(400);
      expect(['invalid_client_metadata', 'invalid_redirect_uri']).toContain(res.body.error);
      expect(res.body.message).toEqual(expect.arrayContaining(messages));
      expect(await count('clients')).toBe(before);
    });
  });

  describe('admin API', () => {
    const asAdmin = (req: supertest.Test) => req.set('Authorization', auth);

    it('POST /api/admin/users with random objects: 201, 400 naming the field, or 409 — never a user from a refused request', async () => {
      await fc.assert(fc.asyncProperty(hostileObject(USER_FIELDS), async (body) => {
        const before = await count('users');
        const res = await asAdmin(t.http().post('/api/admin/users')).send(body);
        expectJsonAnswer(res, USER_FIELDS, JSON.stringify(body).slice(0, 300), [201, 400, 409]);
        expectMemberKeysRefused(res, body);
        if (res.status !== 201) expect(await count('users')).toBe(before);
      }), fcRuns(120));
    });

    it('PATCH /api/admin/users/{id} with any id and any body: 200, 400 naming the field, or 404', async () => {
      const id = fc.oneof(fc.constant(userId), pathSegment);
      await fc.assert(fc.asyncProperty(id, hostileObject(USER_FIELDS.filter((f) => f !== 'username')), async (target, body) => {
        const res = await asAdmin(t.http().patch(`/api/admin/users/${target}`)).send(body);
        expectJsonAnswer(res, USER_FIELDS, `${target} ${JSON.stringify(body).slice(0, 300)}`, [200, 400, 404]);
        if (target === userId) expectMemberKeysRefused(res, body);
      }), fcRuns(120));
      // the target is still usable afterwards (it may have been disabled or renamed by a valid patch)
      await asAdmin(t.http().get(`/api/admin/users/${userId}`)).expect(200);
    });

    it('PATCH /api/admin/clients/{client_id} with random objects: 200, 400 naming the field, or 404', async () => {
      const id = fc.oneof(fc.constant(client.clientId), pathSegment);
      await fc.assert(fc.asyncProperty(id, hostileObject(CLIENT_PATCH_FIELDS), async (target, body) => {
        const res = await asAdmin(t.http().patch(`/api/admin/clients/${target}`)).send(body);
        expectJsonAnswer(res, CLIENT_PATCH_FIELDS, `${target} ${JSON.stringify(body).slice(0, 300)}`, [200, 400, 404]);
        if (target === client.clientId) expectMemberKeysRefused(res, body);
      }), fcRuns(120));
    });

    it('lifecycle transitions with any client_id and any body: 200, 400, 404 or 409 — never 5xx', async () => {
      const action = fc.constantFrom('approve', 'reject', 'suspend', 'reactivate', 'secret');
      const id = fc.oneof(fc.constant(client.clientId), pathSegment);
      const body = fc.oneof(hostileObject(['reason', 'note']), fc.record({ reason: hostileJson }), fc.record({ note: hostileJson }));
      await fc.assert(fc.asyncProperty(action, id, body, async (name, target, payload) => {
        const res = await asAdmin(t.http().post(`/api/admin/clients/${target}/${name}`)).send(payload);
        expectJsonAnswer(res, ['reason', 'note', 'client_id', 'channel'], `${name} ${target} ${JSON.stringify(payload).slice(0, 200)}`, [200, 400, 404, 409]);
      }), fcRuns(120));
    });

    it('GET lists and the audit log with random query strings: 200 or 400 naming the parameter', async () => {
      const path = fc.constantFrom('/api/admin/clients', '/api/admin/users', '/api/admin/audit', '/api/admin/scopes');
      const params = ['status', 'search', 'limit', 'offset', 'actor', 'action', 'target_id', 'since', 'until', 'cursor'];
      await fc.assert(fc.asyncProperty(path, hostileQuery(params, 5), async (p, query) => {
        const res = await asAdmin(t.http().get(`${p}${query}`));
        expectJsonAnswer(res, params, `${p}${query.slice(0, 300)}`, [200, 400]);
      }), fcRuns(150));
    });

    it('audit date filters at and beyond the ends of the calendar: 200 or 400, never a database error', async () => {
      const date = fc.oneof(
        fc.date({ min: new Date(-8_640_000_000_000_000), max: new Date(8_640_000_000_000_000), noInvalidDate: true }).map((d) => d.toISOString()),
        fc.constantFrom('0000-01-01T00:00:00Z', '0001-01-01T00:00:00Z', '9999-12-31T23:59:59Z', '9999-12-31T23:59:59-23:59', '1000-01-01', '2026-02-30T00:00:00Z', '2026-13-01'),
      );
      await fc.assert(fc.asyncProperty(fc.constantFrom('since', 'until'), date, async (name, value) => {
        const res = await asAdmin(t.http().get(`/api/admin/audit?${name}=${encodeURIComponent(value)}`));
        expectJsonAnswer(res, ['since', 'until'], `${name}=${value}`, [200, 400]);
      }), fcRuns(80));
    });

    it('POST /api/admin/session with random objects: 400 naming the field or a generic 401', async () => {
      await fc.assert(fc.asyncProperty(hostileObject(['username', 'password']), async (body) => {
        const res = await t.http().post('/api/admin/session').send(body);
        expectJsonAnswer(res, ['username', 'password'], JSON.stringify(body).slice(0, 300), [400, 401]);
        expectMemberKeysRefused(res, body);
      }), fcRuns(100));
    });

    it.each(OBJECT_MEMBER_KEYS)('Object-member key %s: refused by name at every admin JSON endpoint and in a query string; nothing written', async (key) => {
      const owed = [`property ${key} should not exist`];
      const users = await count('users');
      const created = await asAdmin(t.http().post('/api/admin/users')).set('Content-Type', 'application/json')
        .send(`{"username":"member-${users}","password":"member-password-1","${key}":true}`);
      expect(`${created.status} ${created.body.error}`).toBe('400 invalid_request');
      expect(created.body.message).toEqual(owed);
      expect(await count('users')).toBe(users);
      const patched = await asAdmin(t.http().patch(`/api/admin/clients/${client.clientId}`)).set('Content-Type', 'application/json')
        .send(`{"client_name":"Renamed by ${key}","${key}":"x"}`);
      expect(patched.status).toBe(400);
      expect(patched.body.message).toEqual(owed);
      const view = await asAdmin(t.http().get(`/api/admin/clients/${client.clientId}`)).expect(200);
      expect(view.body.client_name).not.toBe(`Renamed by ${key}`);
      const session = await t.http().post('/api/admin/session').set('Content-Type', 'application/json')
        .send(`{"username":"admin","password":"whatever-123","${key}":{"a":1}}`);
      expect(session.status).toBe(400);
      expect(session.body.message).toEqual(owed);
      const listed = await asAdmin(t.http().get(`/api/admin/audit?limit=5&${key}=1`));
      expect(listed.status).toBe(400);
      expect(listed.body.message).toEqual(owed);
    });

    it('bearer tokens of any shape: 401 with WWW-Authenticate, never 5xx', async () => {
      const header = fc.oneof(cleanText.map((s) => `Bearer ${s}`), cleanText, fc.constantFrom('Bearer', 'Bearer  ', 'bearer ghadm_x', 'Basic Og==', 'Bearer a b'));
      await fc.assert(fc.asyncProperty(header.filter((h) => !/[\r\n\u0000-\u001f\u007f-\uffff]/.test(h)), async (value) => {
        const res = await t.http().get('/api/admin/clients').set('Authorization', value);
        expectNo5xx(res, value.slice(0, 200));
        expect(res.status).toBe(401);
        expect(res.headers['www-authenticate']).toMatch(/^Bearer /);
      }), fcRuns(100));
    });
  });
});
