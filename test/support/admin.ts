import { UsersService } from '../../libs/accounts/src';
import type { TestApp } from './app';
import { ADMIN } from './fixtures';

/** Creates the operator (once) and logs in through POST /api/admin/session; returns the bearer token. */
export async function adminToken(t: TestApp, admin: { username: string; password: string } = ADMIN): Promise<string> {
  const users = t.app.get(UsersService);
  if (!(await users.findByUsername(admin.username))) {
    await users.create({ ...admin, isAdmin: true }, { actor: 'test' });
  }
  const res = await t.http().post('/api/admin/session').send(admin);
  if (res.status !== 200) throw new Error(`admin login failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.access_token as string;
}

/** An `Authorization` header value for the admin API. */
export function bearer(token: string): string {
  return `Bearer ${token}`;
}
