// Controls a MariaDB server for the fault benchmarks: stop it mid-traffic (a clean shutdown, a
// crash with SIGKILL, or a freeze with SIGSTOP), start it again, wait until it accepts connections.
//
// Two modes:
// - "private" (default): a throwaway server of the same binary with its own data directory
//   under bench/.work and its own port, so that stopping it does not break anyone else's
//   tests against the shared server;
// - "system": the machine's own server on 127.0.0.1:3306, stopped with `mysqladmin -uroot
//   shutdown` and started with `start-stop-daemon --start --oknodo --background --exec
//   /usr/sbin/mariadbd` (it reads /etc/mysql/my.cnf).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const MARIADBD = '/usr/sbin/mariadbd';

export function mariadb({ mode = 'private', workDir, port = 3407 }) {
  if (mode === 'system') {
    return {
      mode, host: '127.0.0.1', port: 3306,
      async ensureInstalled() {},
      stop: () => run('mysqladmin', ['-uroot', 'shutdown']),
      start: () => run('start-stop-daemon', ['--start', '--oknodo', '--background', '--exec', MARIADBD]),
      signal: (sig) => process.kill(Number(readFileSync('/run/mysqld/mysqld.pid', 'utf8').trim()), sig),
      waitUp: (ms) => waitUp('127.0.0.1', 3306, ms),
      isUp: () => isUp('127.0.0.1', 3306),
    };
  }
  const dir = join(workDir, 'mariadb-fault');
  const data = join(dir, 'data');
  const pid = join(dir, 'mariadbd.pid');
  const socket = join(dir, 'mariadbd.sock');
  const args = [
    '--no-defaults', `--datadir=${data}`, `--socket=${socket}`, `--port=${port}`, '--bind-address=127.0.0.1',
    `--pid-file=${pid}`, '--skip-name-resolve', `--log-error=${join(dir, 'error.log')}`, '--innodb-buffer-pool-size=64M',
    ...(process.getuid?.() === 0 ? ['--user=root'] : []),
  ];
  return {
    mode, host: '127.0.0.1', port,
    async ensureInstalled() {
      if (existsSync(join(data, 'mysql'))) return;
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(dir, { recursive: true });
      run('mariadb-install-db', ['--no-defaults', `--datadir=${data}`, '--auth-root-authentication-method=normal', '--skip-test-db',
        ...(process.getuid?.() === 0 ? ['--user=root'] : [])]);
    },
    stop: () => run('mysqladmin', ['--no-defaults', '-uroot', '-h127.0.0.1', `-P${port}`, 'shutdown']),
    signal: (sig) => process.kill(Number(readFileSync(pid, 'utf8').trim()), sig),
    start: () => run('start-stop-daemon', ['--start', '--oknodo', '--background', '--pidfile', pid, '--exec', MARIADBD, '--', ...args]),
    waitUp: (ms) => waitUp('127.0.0.1', port, ms),
    isUp: () => isUp('127.0.0.1', port),
  };
}

function run(cmd, args) {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}): ${r.stderr || r.stdout}`);
  return r.stdout;
}

export async function isUp(host, port) {
  const mysql = require('mysql2/promise');
  try {
    const c = await mysql.createConnection({ host, port, user: 'root', connectTimeout: 1000 });
    await c.query('SELECT 1');
    await c.end();
    return true;
  } catch {
    return false;
  }
}

async function waitUp(host, port, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await isUp(host, port)) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`MariaDB on ${host}:${port} did not come up within ${timeoutMs} ms`);
}

/** A plain connection for setup and the consistency checks. */
export function connect(host, port, database) {
  const mysql = require('mysql2/promise');
  return mysql.createConnection({ host, port, user: 'root', database, connectTimeout: 5000 });
}

