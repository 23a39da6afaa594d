import { createHash } from 'node:crypto';
import { ExternalUsers, UsersService } from '../../libs/accounts/src';
import { ChangeEventEntity, ChangeFeed, UserEntity } from '../../libs/persistence/src';
import { startTestApp, TestApp } from '../support/app';

/**
 * Changes to a user row made outside UsersService.update (delegated login's ExternalUsers, the
 * password re-hash of imported users) write a 'user' change event in their own transaction, so
 * other instances' cached users (UserView) do not outlive them beyond the feed's delay. Each
 * test reads the feed as another instance would (a poll), after this instance heard it at once.
 */
describe('user changes outside UsersService.update are published on the change feed', () => {
  let t: TestApp;
  let feed: ChangeFeed;
  let users: UsersService;
  let external: ExternalUsers;
  const heard: string[] = [];
  const ctx = { actor: 'test' };

  beforeAll(async () => {
    // Only this test polls (a long interval), so each poll's outcome is known.
    t = await startTestApp({ env: { CHANGE_FEED_POLL_MS: '60000', CACHE_MS: '60000' } });
    feed = t.app.get(ChangeFeed);
    users = t.app.get(UsersService);
    external = t.app.get(ExternalUsers);
    feed.subscribe('user', (item) => heard.push(item));
  });
  afterAll(() => t.close());

  /** What another instance reading the feed would hear about users once `run` is done. */
  async function readByOthers(run: () => Promise<unknown>): Promise<string[]> {
    await feed.poll(); // start after everything published so far
    await run();
    heard.length = 0; // this instance heard it at once; what follows is what the feed holds
    await feed.poll();
    return [...heard];
  }
  const events = (item: string) => t.dataSource.getRepository(ChangeEventEntity).countBy({ topic: 'user', item });

  it('a platform user whose username or display name changes: the cached user is evicted here and announced to the others', async () => {
    const id = 'platform-user-0000000000000000000000000000000000000000000000042'; // 63 characters
    await external.upsert({ userId: id, username: 'platformer', displayName: 'Before' }, ctx);
    expect((await users.findById(id))?.display_name).toBe('Before'); // now cached (CACHE_MS 60 s)

    const others = await readByOthers(() => external.upsert({ userId: id, username: 'platformer2', displayName: 'After' }, ctx));
    expect(others).toEqual([id]);
    const seen = await users.findById(id);
    expect(seen?.display_name).toBe('After');
    expect(seen?.username).toBe('platformer2');

    // Nothing changed: nothing published.
    expect(await readByOthers(() => external.upsert({ userId: id, username: 'platformer2', displayName: 'After' }, ctx))).toEqual([]);
  });

  it('lazy migration of a platform-confirmed password (LOGIN_VERIFY_MIGRATE) is published once; a second adoption changes nothing', async () => {
    const id = 'platform-user-adopt';
    await external.upsert({ userId: id, username: 'adopter' }, ctx);
    expect(await readByOthers(async () => expect(await external.adoptPassword(id, 'correct horse battery', ctx)).toBe(true))).toEqual([id]);
    expect(await readByOthers(async () => expect(await external.adoptPassword(id, 'another password!', ctx)).toBe(false))).toEqual([]);
    expect(await users.verifyCredentials('adopter', 'correct horse battery')).not.toBeNull();
  });

  it('the re-hash of an imported password at the first login is published with its UPDATE; later logins publish nothing', async () => {
    const id = 'imported-user-rehash';
    const now = new Date();
    const password = 'imported secret';
    await t.dataSource.getRepository(UserEntity).insert({
      id, username: 'rehashme', passwordHash: createHash('sha1').update(password).digest('hex'), passwordScheme: 'sha1($password)',
      passwordSalt: null, importedHashSha256: null, displayName: null, isAdmin: false, disabled: false, passwordChangedAt: null, createdAt: now, updatedAt: now,
    });
    expect(await events(id)).toBe(0);
    const others = await readByOthers(async () => expect(await users.verifyCredentials('rehashme', password)).not.toBeNull());
    expect(others).toEqual([id]);
    expect((await t.dataSource.getRepository(UserEntity).findOneByOrFail({ id })).passwordHash).toMatch(/^\$argon2id\$/);
    expect(await readByOthers(async () => expect(await users.verifyCredentials('rehashme', password)).not.toBeNull())).toEqual([]);
    expect(await events(id)).toBe(1);
  });
});
