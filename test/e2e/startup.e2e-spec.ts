import { spawn } from 'node:child_process';
import { resolve } from 'node:path';

/** The real entry point, started as a user would (through ts-node, so no build is needed). */
function runMain(env: Record<string, string>, waitMs = 20000): Promise<{ code: number | null; out: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', 'apps/gatehouse/src/main.ts'], {
      cwd: resolve(__dirname, '..', '..'),
      env: { PATH: process.env.PATH ?? '', TS_NODE_PROJECT: 'tsconfig.json', ...env },
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), waitMs);
    child.on('exit', (code) => { clearTimeout(timer); done({ code, out }); });
  });
}

describe('startup configuration checks', () => {
  it.each([
    [{ PORT: 'abc' }, /PORT="abc" is not a whole number/],
    [{ DATABASE_URL: 'nonsense://x' }, /DATABASE_URL scheme "nonsense:" is not supported/],
    [{ REGISTRATION: 'maybe' }, /REGISTRATION="maybe" must be one of: open, closed/],
    [{ NODE_ENV: 'production', DATABASE_URL: 'sqlite::memory:' }, /SESSION_SECRET is required when NODE_ENV=production/],
  ])('refuses %p with exit code 1 and a message naming the variable', async (env, message) => {
    const { code, out } = await runMain(env as Record<string, string>);
    expect(code).toBe(1);
    expect(out).toMatch(message);
  }, 30000);
});
