import { startTestApp, TestApp } from '../support/app';

/** Every path of PRODUCT.md's "Registration and admin API" section, with its methods. */
const CONTRACT: Record<string, string[]> = {
  '/api/v1/clients': ['post'],
  '/api/admin/session': ['post', 'delete'],
  '/api/admin/clients': ['get'],
  '/api/admin/clients/{client_id}': ['get', 'patch'],
  '/api/admin/clients/{client_id}/approve': ['post'],
  '/api/admin/clients/{client_id}/reject': ['post'],
  '/api/admin/clients/{client_id}/suspend': ['post'],
  '/api/admin/clients/{client_id}/reactivate': ['post'],
  '/api/admin/clients/{client_id}/secret': ['post'],
  '/api/admin/users': ['get', 'post'],
  '/api/admin/users/{id}': ['get', 'patch'],
  '/api/admin/scopes': ['get', 'post'],
  '/api/admin/audit': ['get'],
  // "Delegated login"
  '/api/admin/login-requests/{challenge}': ['get'],
  '/api/admin/login-requests/{challenge}/accept': ['post'],
  '/api/admin/login-requests/{challenge}/reject': ['post'],
};

interface Operation {
  tags?: string[];
  security?: Record<string, string[]>[];
  parameters?: { name: string; in: string }[];
  requestBody?: { required?: boolean; content: Record<string, { schema: { $ref?: string } }> };
  responses: Record<string, { description?: string; content?: Record<string, { schema: { $ref?: string } }> }>;
}
type Doc = {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, { properties?: Record<string, { example?: unknown }>; required?: string[] }>; securitySchemes: Record<string, unknown> };
};

describe('OpenAPI document (/docs-json)', () => {
  let t: TestApp;
  let doc: Doc;
  beforeAll(async () => {
    t = await startTestApp();
    doc = (await t.http().get('/docs-json').expect(200)).body;
  });
  afterAll(async () => { await t.close(); });

  const schemaOf = (ref: string | undefined) => doc.components.schemas[(ref ?? '').split('/').pop() as string];

  it.each(Object.entries(CONTRACT))('documents %s', (path, methods) => {
    expect(Object.keys(doc.paths)).toContain(path);
    expect(Object.keys(doc.paths[path]).sort()).toEqual(expect.arrayContaining([...methods].sort()));
  });

  it('groups registration under "Register" and the admin API under "Admin", with the bearer scheme', () => {
    expect(doc.paths['/api/v1/clients'].post.tags).toEqual(['Register']);
    expect(doc.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    for (const [path, methods] of Object.entries(CONTRACT)) {
      if (!path.startsWith('/api/admin')) continue;
      for (const method of methods) {
        const op = doc.paths[path][method];
        expect([path, method, op.tags]).toEqual([path, method, ['Admin']]);
        if (!(path === '/api/admin/session' && method === 'post')) expect([path, method, op.security]).toEqual([path, method, [{ bearer: [] }]]);
      }
    }
  });

  it('gives every operation typed success and error responses', () => {
    for (const [path, methods] of Object.entries(CONTRACT)) {
      for (const method of methods) {
        const { responses } = doc.paths[path][method];
        const codes = Object.keys(responses);
        expect([path, method, codes.some((c) => /^2/.test(c))]).toEqual([path, method, true]);
        for (const code of codes) expect([path, method, code, !!responses[code].description]).toEqual([path, method, code, true]);
        const errors = codes.filter((c) => /^[45]/.test(c));
        expect([path, method, errors.length > 0]).toEqual([path, method, true]);
        for (const code of errors) expect(responses[code].content?.['application/json'].schema.$ref).toMatch(/ApiErrorView$/);
        if (path.startsWith('/api/admin') && !(path === '/api/admin/session' && method === 'post')) expect(codes).toEqual(expect.arrayContaining(['401', '403']));
      }
    }
  });

  it('documents request bodies and their fields with examples', () => {
    const body = (path: string, method: string) => schemaOf(doc.paths[path][method].requestBody?.content['application/json'].schema.$ref);
    const registration = body('/api/v1/clients', 'post');
    expect(Object.keys(registration.properties ?? {})).toEqual(expect.arrayContaining([
      'client_name', 'redirect_uris', 'description', 'scope', 'grant_types', 'token_endpoint_auth_method', 'owner_name', 'require_pkce', 'sop_public_key',
    ]));
    expect(registration.required).toEqual(expect.arrayContaining(['client_name', 'redirect_uris']));
    for (const [path, method, fields] of [
      ['/api/admin/session', 'post', ['username', 'password']],
      ['/api/admin/clients/{client_id}/reject', 'post', ['reason']],
      ['/api/admin/clients/{client_id}/approve', 'post', ['note']],
      ['/api/admin/clients/{client_id}', 'patch', ['redirect_uris', 'scope', 'access_token_ttl', 'require_pkce', 'refresh_grace_seconds', 'token_format', 'sop_public_key']],
      ['/api/admin/users', 'post', ['username', 'password', 'display_name', 'is_admin']],
      ['/api/admin/users/{id}', 'patch', ['display_name', 'password', 'disabled', 'is_admin']],
      ['/api/admin/scopes', 'post', ['name', 'description', 'description_zh']],
    ] as const) {
      const schema = body(path, method);
      expect([path, Object.keys(schema.properties ?? {})]).toEqual([path, expect.arrayContaining([...fields])]);
      for (const field of fields) expect([path, field, schema.properties?.[field].example !== undefined]).toEqual([path, field, true]);
    }
  });

  it('marks the optional note of approve and reactivate as an optional body, and the reason of reject as required', () => {
    expect(doc.paths['/api/admin/clients/{client_id}/approve'].post.requestBody?.required).toBe(false);
    expect(doc.paths['/api/admin/clients/{client_id}/reactivate'].post.requestBody?.required).toBe(false);
    expect(doc.paths['/api/admin/clients/{client_id}/reject'].post.requestBody?.required).toBe(true);
  });

  it('documents the query filters of the lists', () => {
    const params = (path: string) => (doc.paths[path].get.parameters ?? []).map((p) => p.name);
    expect(params('/api/admin/clients')).toEqual(expect.arrayContaining(['status', 'search', 'limit', 'offset']));
    expect(params('/api/admin/users')).toEqual(expect.arrayContaining(['search', 'limit', 'offset']));
    expect(params('/api/admin/audit')).toEqual(expect.arrayContaining(['actor', 'action', 'target_id', 'since', 'until', 'limit', 'cursor']));
  });

  it('lists the tags in a developer\'s order, each described, and uses no other', () => {
    const tags = (doc as unknown as { tags: { name: string; description?: string }[] }).tags;
    expect(tags.map((t) => t.name)).toEqual(['Register', 'Authorize', 'Tokens', 'Resource', 'Admin', 'Seed dialects']);
    for (const tag of tags) expect([tag.name, !!tag.description]).toEqual([tag.name, true]);
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(item)) {
        expect([method, path, op.tags?.length === 1 && tags.some((t) => t.name === op.tags?.[0])]).toEqual([method, path, true]);
      }
    }
  });

  it('declares the security of every operation: public ones `security: []`, client authentication with HTTP Basic or the form', () => {
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(item)) expect([method, path, Array.isArray(op.security)]).toEqual([method, path, true]);
    }
    expect(doc.paths['/.well-known/oauth-authorization-server'].get.security).toEqual([]);
    expect(doc.paths['/oauth2/authorize'].get.security).toEqual([]);
    expect(doc.paths['/api/admin/session'].post.security).toEqual([]);
    expect(doc.paths['/api/v1/me'].get.security).toEqual([{ access_token: [] }]);
    for (const path of ['/oauth2/token', '/oauth2/revoke', '/oauth2/introspect']) {
      expect(doc.paths[path].post.security).toEqual([{ client_basic: [] }, {}]);
      expect(doc.paths[path].post.responses['401']).toMatchObject({ headers: { 'WWW-Authenticate': expect.any(Object) } });
    }
    expect(doc.components.securitySchemes).toMatchObject({
      bearer: { type: 'http', scheme: 'bearer' },
      access_token: { type: 'http', scheme: 'bearer' },
      client_basic: { type: 'http', scheme: 'basic', description: expect.stringContaining('client_secret_post') },
    });
  });

  it('documents the RFC 6750 challenge on the bearer-protected resources', () => {
    const responses = doc.paths['/api/v1/me'].get.responses;
    expect(responses['401']).toMatchObject({ headers: { 'WWW-Authenticate': expect.any(Object) } });
    expect(responses['403']).toMatchObject({ headers: { 'WWW-Authenticate': expect.any(Object) } });
    expect(responses['401'].content?.['application/json'].schema.$ref).toMatch(/OAuthErrorView$/);
  });

  it('names a license and a relative server, so that Try-it-out calls the origin the page was opened from', () => {
    const info = (doc as unknown as { info: { license?: { name: string } }; servers: { url: string }[] });
    expect(info.info.license?.name).toBe('MIT');
    expect(info.servers).toEqual([expect.objectContaining({ url: '/' })]);
  });

  it('serves Swagger UI at /docs', async () => {
    const res = await t.http().get('/docs/').expect(200);
    expect(res.text).toContain('swagger-ui');
  });
});
