import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..', '..');
const MAIN = ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', 'apps/gatehouse/src/main.ts'];
const SCRIPT = '/usr/bin/script';

/** Starts the real entry point, waits for the listening banner (or a timeout), stops it; returns what it printed. */
function runUntilListening(tty: boolean, env: Record<string, string>): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-terminal-'));
  const fullEnv = {
    PATH: process.env.PATH ?? '', TS_NODE_PROJECT: 'tsconfig.json', HOST: '127.0.0.1', PORT: '0',
    DATABASE_URL: `sqlite:${join(dir, 'gatehouse.sqlite')}`, ISSUER: 'http://localhost:3000', SHUTDOWN_GRACE_MS: '0', ...env,
  };
  const command = [process.execPath, ...MAIN].map((a) => `'${a}'`).join(' ');
  // `script` gives the child a pseudo-terminal, as a developer's shell would.
  const child = tty
    ? spawn(SCRIPT, ['-qfec', command, '/dev/null'], { cwd: ROOT, env: fullEnv })
    : spawn(process.execPath, MAIN, { cwd: ROOT, env: fullEnv });
  return new Promise((done) => {
    let out = '';
    const finish = () => { child.kill('SIGTERM'); };
    const timer = setTimeout(finish, 60_000);
    const onData = (d: Buffer) => {
      out += d.toString('utf8');
      if (/Gatehouse is listening/.test(out)) setTimeout(finish, 500);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', () => {
      clearTimeout(timer);
      rmSync(dir, { recursive: true, force: true });
      done(out);
    });
  });
}

describe('npm start in a terminal and in a pipe', () => {
  it('in a pipe: every line is a JSON record (the banner too); no route-mapping lines at the default level', async () => {
    const out = await runUntilListening(false, {});
    const lines = out.split('\n').filter((l) => l.trim());
    expect(lines.length).toBeGreaterThan(2);
    const records = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    const banner = records.find((r) => String(r.msg).startsWith('Gatehouse is listening on http://127.0.0.1:'));
    expect(banner).toMatchObject({ docs: 'http://localhost:3000/docs', database: expect.stringMatching(/^sqlite:/) });
    expect(records.filter((r) => r.context === 'RouterExplorer' || r.context === 'RoutesResolver')).toEqual([]);
  }, 90_000);

  it('with LOG_LEVEL=debug the route-mapping lines are there (at debug)', async () => {
    const records = (await runUntilListening(false, { LOG_LEVEL: 'debug' })).split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as Record<string, unknown>);
    const mapped = records.filter((r) => r.context === 'RouterExplorer');
    expect(mapped.length).toBeGreaterThan(20);
    expect(new Set(mapped.map((r) => r.level))).toEqual(new Set([20]));
  }, 90_000);

  (existsSync(SCRIPT) ? it : it.skip)('on a terminal: human-readable lines and the short banner, no JSON', async () => {
    const out = await runUntilListening(true, {});
    expect(out).toMatch(/INFO.*Nest application successfully started/);
    expect(out).toContain('Gatehouse is listening on http://127.0.0.1:');
    expect(out).toMatch(/API docs: +http:\/\/localhost:3000\/docs/);
    expect(out).toContain('admin:create');
    expect(out).not.toMatch(/^\{"level"/m);
    expect(out).not.toContain('Mapped {');
  }, 90_000);
});
