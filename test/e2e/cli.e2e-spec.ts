import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join, resolve } from 'node:path';
import { UsersService } from '../../libs/accounts/src';
import { ClientAuthenticator } from '../../libs/clients/src';
import { AuditLog } from '../../libs/persistence/src';
import { runCli } from '../../apps/gatehouse/src/cli/run';
import { startTestApp, TestApp } from '../support/app';
import { createTestDatabase, TestDatabase } from '../support/database';
import { basicAuth } from '../support/fixtures';

interface Run { code: number | null; out: string; err: string }

/** The operator command line, started as `npm run cli` does, through ts-node (no build needed). */
function cli(databaseUrl: string, args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((done) => {
    const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', 'apps/gatehouse/src/cli.ts', ...args], {
      cwd: resolve(__dirname, '..', '..'),
      env: {
        PATH: process.env.PATH ?? '', TS_NODE_PROJECT: 'tsconfig.json', DATABASE_URL: databaseUrl,
        SESSION_SECRET: 'cli-test-session-secret-0123456789abcdef', ...env,
      },
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('exit', (code) => { clearTimeout(timer); done({ code, out, err }); });
  });
}

describe('operator CLI (npm run cli -- <command>)', () => {
  let db: TestDatabase;
  let url: string;
  let dir: string | undefined;
  let t: TestApp;
  const actor = `cli:${userInfo().username}`;
  const run = (...args: string[]) => cli(url, args);
  /** The same entry function in-process: quicker for the many refusals. */
  const runHere = async (...args: string[]): Promise<Run> => {
    let out = '';
    let err = '';
    const code = await runCli(args, { out: (s) => (out += s), err: (s) => (err += s), env: { DATABASE_URL: url, SESSION_SECRET: 'cli-test-session-secret-0123456789abcdef' } });
    return { code, out, err };
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    if (db.kind === 'sqlite') {
      dir = mkdtempSync(join(tmpdir(), 'gatehouse-cli-'));
      url = `sqlite:${join(dir, 'gatehouse.sqlite')}`;
    } else {
      url = db.url;
    }
  });
  afterAll(async () => {
    await t?.close();
    await db.drop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('help lists every command and exits 0; an unknown command exits 1', async () => {
    const [help, unknown, none] = await Promise.all([run('help'), run('client:delete'), run()]);
    expect(help.code).toBe(0);
    for (const name of ['user:create', 'admin:create', 'client:create', 'client:approve', 'client:list']) expect(help.out).toContain(name);
    expect(unknown.code).toBe(1);
    expect(unknown.err).toContain('unknown command "client:delete"');
    expect(none.code).toBe(1);
  });

  it('admin:create prints the new operator as JSON, who can then log in to the admin API', async () => {
    const res = await run('admin:create', '--username', 'root-op', '--password', 'root-op-password', '--display-name', 'Root Operator');
    expect([res.code, res.err]).toEqual([0, '']);
    expect(JSON.parse(res.out)).toMatchObject({ username: 'root-op', display_name: 'Root Operator', is_admin: true, disabled: false });
    t = await startTestApp({ env: { DATABASE_URL: url } });
    const login = await t.http().post('/api/admin/session').send({ username: 'root-op', password: 'root-op-password' }).expect(200);
    expect(login.body.token_type).toBe('Bearer');
    const { items } = await t.app.get(AuditLog).query({ action: 'admin.created' });
    expect(items[0]).toMatchObject({ actor, target_id: JSON.parse(res.out).id });
  });

  it('user:create makes a user who can log in; bad input exits 1 with the service message', async () => {
    const [ok, short] = await Promise.all([
      run('user:create', '--username', 'mia', '--password', 'mia-password-1'),
      run('user:create', '--username', 'nina', '--password', 'short'),
    ]);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.out)).toMatchObject({ username: 'mia', is_admin: false });
    expect(await t.app.get(UsersService).verifyCredentials('mia', 'mia-password-1')).not.toBeNull();
    expect([short.code, short.out, short.err.trim()]).toEqual([1, '', 'gatehouse user:create: password: must be 8-256 characters']);
  });

  it('client:create --approve prints client_id and the secret once; the secret authenticates', async () => {
    const res = await run('client:create', '--name', 'Ops App', '--redirect-uri', 'https://ops.example/cb', '--redirect-uri', 'http://127.0.0.1/cb', '--scope', 'user_id_read', '--approve');
    expect([res.code, res.err]).toEqual([0, '']);
    const created = JSON.parse(res.out);
    expect(created).toMatchObject({
      client_name: 'Ops App', status: 'approved', scope: 'user_id_read', redirect_uris: ['https://ops.example/cb', 'http://127.0.0.1/cb'],
      client_secret: expect.stringMatching(/^ghs_/),
    });
    const authed = await t.app.get(ClientAuthenticator).authenticate({ authorization: basicAuth(created.client_id, created.client_secret), body: {}, ip: '192.0.2.1' });
    expect(authed.client.clientId).toBe(created.client_id);
    const { items } = await t.app.get(AuditLog).query({ targetId: created.client_id });
    expect(items.map((e) => [e.action, e.actor])).toEqual([['client.approved', actor], ['client.registered', actor]]);
  });

  it('client:create (pending), client:list --status pending, client:approve', async () => {
    const created = await run('client:create', '--name', 'Queued App', '--redirect-uri', 'https://queued.example/cb', '--public');
    expect(created.code).toBe(0);
    const client = JSON.parse(created.out);
    expect(client).toMatchObject({ status: 'pending', token_endpoint_auth_method: 'none', require_pkce: true });
    expect(client).not.toHaveProperty('client_secret');
    const pending = await run('client:list', '--status', 'pending');
    expect(JSON.parse(pending.out).items.map((c: { client_id: string }) => c.client_id)).toEqual([client.client_id]);
    const approved = await runHere('client:list', '--status=approved');
    expect(JSON.parse(approved.out).items.map((c: { client_name: string }) => c.client_name)).toEqual(['Ops App']);
    const approve = await run('client:approve', '--client-id', client.client_id, '--note', 'checked by phone');
    expect(approve.code).toBe(0);
    expect(JSON.parse(approve.out)).toMatchObject({ client_id: client.client_id, status: 'approved' });
    const [event] = (await t.app.get(AuditLog).query({ targetId: client.client_id, action: 'client.approved' })).items;
    expect(event).toMatchObject({ actor, reason: 'checked by phone' });
    const again = await runHere('client:approve', '--client-id', client.client_id);
    expect([again.code, again.err]).toEqual([1, expect.stringContaining('it is approved (must be pending)')]);
  });

  it.each([
    [['user:create', '--username', 'mia', '--password', 'mia-password-2'], 'username "mia" is already taken'],
    [['user:create', '--username', 'no spaces', '--password', 'long-enough-1'], 'username: must be 3-64 characters'],
    [['user:create', '--username', 'oscar'], '--password is required'],
    [['client:create', '--name', 'Bad', '--redirect-uri', 'http://bad.example/cb'], 'redirect_uris: "http://bad.example/cb" must use https'],
    [['client:create', '--name', 'Bad', '--redirect-uri', 'https://bad.example/cb#f'], 'must not contain a fragment'],
    [['client:create', '--name', 'Bad', '--redirect-uri', 'https://bad.example/cb', '--scope', 'everything'], 'scope: unknown scope(s): everything'],
    [['client:create', '--redirect-uri', 'https://bad.example/cb'], '--name is required'],
    [['client:create', '--name', 'Bad', '--redirect-uri', 'https://bad.example/cb', '--approve=yes'], '--approve takes no value'],
    [['client:list', '--status', 'active'], 'status: must be one of pending, approved, rejected, suspended'],
    [['client:list', '--limit', '0'], 'limit: must be a whole number from 1 to 200'],
    [['client:list', '--color'], 'unknown option --color'],
    [['client:approve', '--client-id', 'does-not-exist'], 'channel does-not-exist not found'],
    [['client:remove'], 'unknown command "client:remove"'],
  ])('refuses %p with exit code 1 and "%s" on stderr', async (args, message) => {
    const res = await runHere(...args);
    expect([res.code, res.out]).toEqual([1, '']);
    expect(res.err).toContain(message);
  });

  it('refuses a bad configuration with the same message as the server', async () => {
    const res = await cli(url, ['client:list'], { ACCESS_TOKEN_TTL: 'soon' });
    expect(res.code).toBe(1);
    expect(res.err).toContain('ACCESS_TOKEN_TTL="soon" is not a whole number');
  });
});
