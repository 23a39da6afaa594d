// Seeds a running Gatehouse through its public API only, as an operator and a developer would:
// the operator's admin session, a channel registered and approved, a user, and one browser
// login with consent (so that later authorization requests are answered at once with a code).
import { authorize, call, Jar } from './http.mjs';

export const REDIRECT_URI = 'http://127.0.0.1:9/cb';
export const SCOPE = 'user_id_read profile';

const json = (headers, body) => ({ headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

function expect(res, status, what) {
  if (res.status !== status) throw new Error(`${what}: HTTP ${res.status} ${res.text.slice(0, 300)}`);
  return res.json();
}

/** `admin` must be the ADMIN_USERNAME / ADMIN_PASSWORD the server was started with. */
export async function seed(base, admin, user = { username: 'load-user', password: 'load-user-password-1' }) {
  const session = expect(await call(base, 'POST', '/api/admin/session', json({}, admin)), 200, 'admin session');
  const auth = { authorization: `Bearer ${session.access_token}` };
  const reg = expect(await call(base, 'POST', '/api/v1/clients', json({}, {
    client_name: 'Load App', redirect_uris: [REDIRECT_URI], scope: SCOPE,
    grant_types: ['authorization_code', 'refresh_token', 'client_credentials'],
  })), 201, 'registration');
  expect(await call(base, 'POST', `/api/admin/clients/${reg.client_id}/approve`, json(auth, {})), 200, 'approval');
  expect(await call(base, 'POST', '/api/admin/users', json(auth, { ...user, display_name: 'Load User' })), 201, 'user');
  const client = { id: reg.client_id, secret: reg.client_secret, redirectUri: REDIRECT_URI };
  const jar = new Jar();
  const first = await authorize(base, jar, { clientId: client.id, redirectUri: REDIRECT_URI, scope: SCOPE, user });
  return { client, user, jar, firstCode: first, adminAuth: auth };
}
