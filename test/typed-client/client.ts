/**
 * A small program written against the types openapi-typescript generates from /docs-json
 * (./generated/api.d.ts, written by build.js): register a channel, have the operator approve it,
 * get a client_credentials token, introspect it, call /api/v1/me. Every request body and answer
 * is typed by the document, so a schema that drifts from what the program (and the server)
 * uses breaks the compilation; build.js then runs it against a live server.
 */
import type { components, paths } from './generated/api';

type Json<T> = T extends { content: { 'application/json': infer B } } ? B : never;
type RegisterBody = Json<paths['/api/v1/clients']['post']['requestBody']>;
type Registered = Json<paths['/api/v1/clients']['post']['responses'][201]>;
type LoginBody = Json<paths['/api/admin/session']['post']['requestBody']>;
type AdminSession = Json<paths['/api/admin/session']['post']['responses'][200]>;
type Approved = Json<paths['/api/admin/clients/{client_id}/approve']['post']['responses'][200]>;
type TokenForm = NonNullable<paths['/oauth2/token']['post']['requestBody']>['content']['application/x-www-form-urlencoded'];
type Token = Json<paths['/oauth2/token']['post']['responses'][200]>;
type Introspection = Json<paths['/oauth2/introspect']['post']['responses'][200]>;
type Me = Json<paths['/api/v1/me']['get']['responses'][200]>;
type OAuthError = components['schemas']['OAuthErrorView'];

interface Answer<T> { status: number; body: T }

async function call<T>(base: string, path: string, init: { method: string; headers?: Record<string, string>; json?: unknown; form?: Record<string, string | undefined> }): Promise<Answer<T>> {
  const headers: Record<string, string> = { accept: 'application/json', ...init.headers };
  let body: string | null = null;
  if (init.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(init.json);
  } else if (init.form) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(Object.entries(init.form).filter((e): e is [string, string] => e[1] !== undefined)).toString();
  }
  const res = await fetch(`${base}${path}`, { method: init.method, headers, body });
  return { status: res.status, body: (await res.json()) as T };
}

function expectStatus<T>(answer: Answer<T>, status: number, what: string): T {
  if (answer.status !== status) throw new Error(`${what}: expected ${status}, got ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body;
}

export async function run(base: string, operator: LoginBody): Promise<{ clientId: string; token: Token; introspection: Introspection; me: Me | OAuthError }> {
  const registration: RegisterBody = {
    client_name: 'Typed client',
    redirect_uris: ['https://typed.example/cb'],
    grant_types: ['client_credentials'],
    scope: 'gatehouse:login',
  };
  const registered: Registered = expectStatus(await call<Registered>(base, '/api/v1/clients', { method: 'POST', json: registration }), 201, 'register');
  const secret: string | undefined = registered.client_secret;
  if (!secret) throw new Error('a confidential client gets a secret');

  const session = expectStatus(await call<AdminSession>(base, '/api/admin/session', { method: 'POST', json: operator }), 200, 'admin session');
  const admin = { authorization: `${session.token_type} ${session.access_token}` };
  const approved = expectStatus(await call<Approved>(base, `/api/admin/clients/${encodeURIComponent(registered.client_id)}/approve`, { method: 'POST', headers: admin, json: {} }), 200, 'approve');
  if (approved.status !== 'approved') throw new Error(`approve: status ${approved.status}`);

  const basic = { authorization: `Basic ${Buffer.from(`${encodeURIComponent(registered.client_id)}:${encodeURIComponent(secret)}`).toString('base64')}` };
  const form: TokenForm = { grant_type: 'client_credentials', scope: 'gatehouse:login' };
  const token: Token = expectStatus(await call<Token>(base, '/oauth2/token', { method: 'POST', headers: basic, form: { ...form } }), 200, 'token');
  const seconds: number = token.expires_in;
  if (token.token_type !== 'Bearer' || !(seconds > 0)) throw new Error(`token: ${JSON.stringify(token)}`);

  const introspection = expectStatus(await call<Introspection>(base, '/oauth2/introspect', { method: 'POST', headers: basic, form: { token: token.access_token } }), 200, 'introspect');
  if (!introspection.active || introspection.client_id !== registered.client_id) throw new Error(`introspect: ${JSON.stringify(introspection)}`);

  // A client_credentials token has no user: /api/v1/me answers 403 insufficient_scope (RFC 6750).
  const me = await call<Me | OAuthError>(base, '/api/v1/me', { method: 'GET', headers: { authorization: `Bearer ${token.access_token}` } });
  if (me.status === 403 && 'error' in me.body && me.body.error === 'insufficient_scope') return { clientId: registered.client_id, token, introspection, me: me.body };
  const user: Me = expectStatus(me as Answer<Me>, 200, 'me');
  return { clientId: registered.client_id, token, introspection, me: user };
}
