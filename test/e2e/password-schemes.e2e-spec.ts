import { randomUUID } from 'node:crypto';
import { importedPasswordColumns, isSameImportedPassword, PasswordSchemes, UsersService } from '../../libs/accounts/src';
import { PasswordHasher } from '../../libs/accounts/src/passwords/password-hasher';
import { UserEntity } from '../../libs/persistence/src';
import { adminToken, bearer } from '../support/admin';
import { startTestApp, TestApp } from '../support/app';
import { loginAndAuthorize, pkcePair, submitLogin } from '../support/browser-flow';
import { createClient } from '../support/fixtures';
import { DIGEST_HASHES, PasswordFixture, PBKDF2_HASHLIB, PUBLISHED_HASHES } from '../support/password-fixtures';
import { redeemCode } from '../support/tokens';

/**
 * Issue 16: users imported with a password hash of another platform sign in with their OLD
 * password through the standard login page; the hash then becomes argon2id, and they still
 * sign in. Rows are written as the importer writes them (PasswordSchemes.validate, then
 * importedPasswordColumns).
 */
describe('imported password hashes: verified at login, re-hashed to argon2id', () => {
  let t: TestApp;
  beforeAll(async () => { t = await startTestApp(); });
  afterAll(async () => { await t.close(); });

  const repo = () => t.dataSource.getRepository(UserEntity);
  let n = 0;

  /** Writes a user row the way the importer does; answers its id and username. */
  async function importUser(f: Pick<PasswordFixture, 'hash' | 'scheme' | 'salt'> | null, id = `legacy-${++n}`): Promise<{ id: string; username: string }> {
    const username = `imported${++n}`;
    let columns = {};
    if (f) {
      const accepted = PasswordSchemes.validate({ hash: f.hash, scheme: f.scheme, salt: f.salt });
      if (!accepted.ok) throw new Error(`${accepted.field}: ${accepted.message}`);
      columns = importedPasswordColumns(f.hash, accepted);
    }
    const now = new Date();
    await repo().insert({ id, username, passwordHash: null, ...columns, displayName: null, isAdmin: false, disabled: false, passwordChangedAt: null, createdAt: now, updatedAt: now });
    return { id, username };
  }

  const login = (username: string, password: string) => submitLogin(t.http(), '/login?return_to=%2Faccount%2Fgrants', { username, password });

  const fixtures = [...PUBLISHED_HASHES, PBKDF2_HASHLIB, ...DIGEST_HASHES];
  it.each(fixtures.map((f) => [f.name, f] as const))('%s: a wrong password fails; the old one signs in, the hash becomes argon2id, and signs in again', async (_name, f) => {
    const user = await importUser(f);
    const wrong = await login(user.username, `${f.password}-not`);
    expect(wrong.status).toBe(401);
    expect((await repo().findOneByOrFail({ id: user.id })).passwordHash).toBe(f.hash);

    const first = await login(user.username, f.password);
    expect(first.status).toBe(302);
    expect(first.headers.location).toBe('/account/grants');

    const row = await repo().findOneByOrFail({ id: user.id });
    expect(row.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(row.passwordScheme).toBeNull();
    expect(row.passwordSalt).toBeNull();
    expect(row.importedHashSha256).toBe(PasswordSchemes.fingerprint(f.hash));
    expect(isSameImportedPassword(row, f.hash)).toBe(true);

    expect((await login(user.username, f.password)).status).toBe(302);
    expect((await login(user.username, `${f.password}-not`)).status).toBe(401);
    expect((await repo().findOneByOrFail({ id: user.id })).passwordHash).toBe(row.passwordHash);
  });

  it('an argon2id hash as strong as ours is kept as it is', async () => {
    const hash = await t.app.get(PasswordHasher).hash('kept-as-is-1');
    const user = await importUser({ hash, scheme: null, salt: null });
    expect((await login(user.username, 'kept-as-is-1')).status).toBe(302);
    expect((await repo().findOneByOrFail({ id: user.id })).passwordHash).toBe(hash);
  });

  it('a user without a password hash (delegated login only) cannot sign in with any password, and nothing breaks', async () => {
    const user = await importUser(null);
    for (const password of ['', 'anything', 'x'.repeat(300)]) {
      const res = await login(user.username, password);
      expect(res.status).toBe(401);
      expect(res.text).toContain('The username or password is incorrect.');
    }
    expect(await t.app.get(UsersService).verifyCredentials(user.username, 'anything')).toBeNull();
  });

  it('a password reset that lands while the old hash is being replaced wins', async () => {
    const f = DIGEST_HASHES.find((d) => d.name === 'md5(md5($password).$salt)')!;
    const user = await importUser(f);
    const users = t.app.get(UsersService);
    const hasher = t.app.get(PasswordHasher);
    const original = hasher.hash.bind(hasher);
    const spy = jest.spyOn(hasher, 'hash').mockImplementationOnce(async (password) => {
      await users.update(user.id, { password: 'reset-meanwhile-1' }, { actor: 'test' });
      return original(password);
    });
    try {
      expect(await users.verifyCredentials(user.username, f.password)).toMatchObject({ id: user.id });
    } finally {
      spy.mockRestore();
    }
    const row = await repo().findOneByOrFail({ id: user.id });
    expect(row.passwordScheme).toBeNull();
    expect(row.passwordSalt).toBeNull();
    expect(await users.verifyCredentials(user.username, 'reset-meanwhile-1')).not.toBeNull();
    expect(await users.verifyCredentials(user.username, f.password)).toBeNull();
  });

  it('a disabled imported user is refused and keeps the imported hash', async () => {
    const f = DIGEST_HASHES[0];
    const user = await importUser(f);
    await repo().update({ id: user.id }, { disabled: true });
    expect((await login(user.username, f.password)).status).toBe(401);
    expect((await repo().findOneByOrFail({ id: user.id })).passwordHash).toBe(f.hash);
  });

  it('an imported user with a 64-character id signs in through the authorization flow, and every answer carries that id', async () => {
    const f = DIGEST_HASHES.find((d) => d.name === 'md5(md5($password).$salt)')!;
    const id = `platform:${'7'.repeat(40)}|${randomUUID().slice(0, 14)}`;
    expect(id).toHaveLength(64);
    const user = await importUser(f, id);
    const client = await createClient(t);
    const pkce = pkcePair();
    const result = await loginAndAuthorize(t, {
      clientId: client.clientId, redirectUri: client.redirectUri, scope: 'user_id_read profile', state: 's1',
      codeChallenge: pkce.challenge, user: { username: user.username, password: f.password },
    });
    expect(result.loginShown).toBe(true);
    expect(result.code).toBeDefined();
    const tokens = await redeemCode(t, client, result.code!, { code_verifier: pkce.verifier }).expect(200);
    const me = await t.http().get('/api/v1/me').set('Authorization', `Bearer ${tokens.body.access_token}`).expect(200);
    expect(me.body.user_id).toBe(id);
    expect(await t.app.get(UsersService).findById(id)).toMatchObject({ id, username: user.username });
    expect((await repo().findOneByOrFail({ id })).passwordHash).toMatch(/^\$argon2id\$/);
  });

  it('ids with any printable characters work in the admin API, and ids differing only in case are two users', async () => {
    const token = await adminToken(t);
    const ids = ['a/b|c:d%20e f', 'ユーザー/42', 'CaseUser', 'caseuser'];
    for (const id of ids) await importUser(DIGEST_HASHES[0], id);
    for (const id of ids) {
      const res = await t.http().get(`/api/admin/users/${encodeURIComponent(id)}`).set('Authorization', bearer(token)).expect(200);
      expect(res.body.id).toBe(id);
    }
    const patched = await t.http().patch(`/api/admin/users/${encodeURIComponent(ids[0])}`).set('Authorization', bearer(token))
      .send({ display_name: 'Slashed' }).expect(200);
    expect(patched.body).toMatchObject({ id: ids[0], display_name: 'Slashed' });
    await t.http().get(`/api/admin/users/${encodeURIComponent('x'.repeat(65))}`).set('Authorization', bearer(token)).expect(404);
  });
});
