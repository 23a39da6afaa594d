#!/usr/bin/env node
// `node bench/shutdown.mjs [--db mysql|sqlite] [--mysql-url mysql://root@127.0.0.1:3306/gh_shutdown]
//   [--concurrency 16] [--before 3] [--keepalive] [--follow-readyz] [--probe-ms 100] [--grace ms]
//   [--workers n] [--port 4121] [--entry dist/…/main.js] [--verbose]`
//
// Issue 7 "Graceful shutdown under load: SIGTERM loses no in-flight token request".
// Starts the built Gatehouse on a fresh database, seeds it through the public API, drives
// client_credentials token requests at the given concurrency, sends SIGTERM after `--before`
// seconds and keeps sending until the process has exited. Every request ends as one of:
//   completed   a 200 with a token
//   answered    another status (the temporarily_unavailable 503 of a request that arrived after
//               the server stopped listening is honest, but counted apart)
//   refused     the connection was never accepted (the listener was closed): the client knows
//               nothing happened and may retry
//   reset       the connection was established and then reset or left unanswered. The client
//               cannot tell whether the server read the request: a connection still in the
//               kernel's accept queue when the listener closes is reset without the application
//               ever seeing it.
// The server side decides: every token the database holds for the load's channel was minted by
// a request the application accepted, so
//   LOST = tokens minted − tokens delivered (200 answers)   — must be 0,
// requests the application took on and never answered. By default each request opens its own
// connection; --keepalive reuses connections as real clients do.
//
// On SIGTERM the server drains (apps/gatehouse/src/shutdown.ts): /readyz answers 503, it keeps
// serving with `Connection: close` for up to SHUTDOWN_GRACE_MS (--grace) or until no client is
// left, then stops listening. By default the load ignores /readyz and keeps sending to the
// stopping server, so the listener closes under fire: the connections the kernel has completed
// but Node has not accepted yet (its accept queue, the longer the busier the event loop) are
// reset by the kernel. The application never saw them (LOST stays 0; with --verbose the server's
// "Shutdown" line shows it closed none itself). With
// --follow-readyz the load behaves like a balancer: a probe reads /readyz every --probe-ms and
// once it is red no new request goes to this server; then nothing may be reset or refused.
// A probe runs in both modes to report when /readyz turned red. Exit code 1 when a token was
// lost, the server did not exit cleanly in time, or (--follow-readyz) a request was reset or refused.
import { mkdirSync, rmSync } from 'node:fs';
import http from 'node:http';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { basic, FORM } from './lib/http.mjs';
import { createRequire } from 'node:module';
import { connect } from './lib/mariadb.mjs';
import { send, Tally } from './lib/outcomes.mjs';
import { seed } from './lib/seed.mjs';
import { ROOT, startGatehouse, stopGatehouse, waitReady } from './lib/server.mjs';

const { values: args } = parseArgs({
  options: {
    db: { type: 'string', default: 'mysql' },
    'mysql-url': { type: 'string', default: 'mysql://root@127.0.0.1:3306/gh_shutdown' },
    concurrency: { type: 'string', default: '16' },
    before: { type: 'string', default: '3' },
    keepalive: { type: 'boolean', default: false },
    'follow-readyz': { type: 'boolean', default: false },
    'probe-ms': { type: 'string', default: '100' },
    grace: { type: 'string' },
    workers: { type: 'string', default: '1' },
    entry: { type: 'string' }, // default: the build, rebuilt first when the sources are newer
    port: { type: 'string', default: '4121' },
    verbose: { type: 'boolean', default: false },
  },
});
const PORT = Number(args.port);
const BASE = `http://127.0.0.1:${PORT}`;
const ADMIN = { username: 'shutdown-admin', password: 'shutdown-admin-password-1' };
const WORK = join(ROOT, 'bench', '.work');
mkdirSync(WORK, { recursive: true });
const log = (msg) => process.stdout.write(`[${new Date().toISOString().slice(11, 23)}] ${msg}\n`);

let databaseUrl;
const sqliteFile = join(WORK, 'gatehouse-shutdown.sqlite');
if (args.db === 'sqlite') {
  const file = sqliteFile;
  for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
  databaseUrl = `sqlite:${file}`;
} else {
  databaseUrl = args['mysql-url'];
  const url = new URL(databaseUrl);
  const setup = await connect(url.hostname, Number(url.port || 3306));
  await setup.query(`DROP DATABASE IF EXISTS \`${url.pathname.slice(1)}\``);
  await setup.end();
}

const server = startGatehouse({
  ...(args.entry ? { entry: args.entry } : {}),
  port: PORT,
  verbose: args.verbose,
  env: {
    NODE_ENV: 'production', DATABASE_URL: databaseUrl, SESSION_SECRET: 'shutdown-session-secret-0123456789abcdef01',
    LOG_LEVEL: args.verbose ? 'info' : 'warn', PURGE_INTERVAL: '0', ADMIN_USERNAME: ADMIN.username, ADMIN_PASSWORD: ADMIN.password,
    THROTTLE_CLIENT_AUTH: '1000000', THROTTLE_REQUESTS_PER_ADDRESS: '100000000', WORKERS: args.workers,
    ...(args.grace !== undefined ? { SHUTDOWN_GRACE_MS: args.grace } : {}),
  },
});
const GRACE_MS = Number(args.grace ?? 10_000);
try {
  await waitReady(BASE, server);
  const { client } = await seed(BASE, ADMIN);
  const mode = `${args.keepalive ? 'keep-alive connections' : 'one connection per request'}, ${args['follow-readyz'] ? 'following /readyz' : 'ignoring /readyz'}`;
  log(`Gatehouse ${server.pid} on ${BASE} (${args.db}, ${args.workers} worker(s), grace ${GRACE_MS} ms), ${args.concurrency} clients, ${mode}`);

  const tally = new Tally();
  const agent = args.keepalive ? new http.Agent({ keepAlive: true, maxSockets: Number(args.concurrency) }) : false;
  const headers = { authorization: basic(client.id, client.secret), 'content-type': FORM };
  let exitedAt = null;
  let signalledAt = null;
  const phases = new Tally();
  server.exited.then(() => { exitedAt = performance.now(); });

  let redAt = null;
  const prober = async () => {
    while (redAt === null && exitedAt === null) {
      const o = await send(BASE, { path: '/readyz', timeoutMs: 5000 });
      if (signalledAt !== null && !(o.kind === 'answered' && o.status === 200)) redAt = performance.now();
      else await new Promise((r) => setTimeout(r, Number(args['probe-ms'])));
    }
  };
  const diverted = () => args['follow-readyz'] && redAt !== null;

  const worker = async () => {
    // Keep going until the process is gone and one more round has been refused (or, following
    // /readyz, until the probe has seen it red: the balancer sends elsewhere from then on).
    while ((exitedAt === null || performance.now() - exitedAt < 300) && !diverted()) {
      const sentAt = performance.now();
      const o = await send(BASE, { method: 'POST', path: '/oauth2/token', headers, body: 'grant_type=client_credentials', timeoutMs: 15_000, agent });
      const category = o.kind === 'lost' ? 'reset' : o.kind !== 'answered' ? o.kind : o.status === 200 && JSON.parse(o.text).access_token ? 'completed' : 'answered';
      const phase = signalledAt === null || sentAt < signalledAt ? 'sent before SIGTERM' : exitedAt === null || sentAt < exitedAt ? 'sent while closing' : 'sent after exit';
      tally.add(category, `${phase}: ${o.kind} ${o.status ?? o.code} after ${Math.round(o.ms)} ms ${(o.text ?? '').slice(0, 120)}`);
      phases.add(`${phase} → ${category}`);
      if (o.kind === 'refused') await new Promise((r) => setTimeout(r, 20));
    }
  };

  const workers = [...Array.from({ length: Number(args.concurrency) }, worker), prober()];
  await new Promise((r) => setTimeout(r, Number(args.before) * 1000));
  log('SIGTERM');
  signalledAt = performance.now();
  server.stopping = true;
  server.kill('SIGTERM');
  // A server that never finishes closing (keep-alive clients holding it open) is a failure too.
  const hungMs = GRACE_MS + 10_000;
  const hung = setTimeout(() => { log(`still running ${hungMs} ms after SIGTERM: SIGKILL`); server.kill('SIGKILL'); }, hungMs);
  const { code, signal } = await server.exited;
  clearTimeout(hung);
  log(`Gatehouse exited (code ${code}${signal ? `, signal ${signal}` : ''}) ${Math.round(exitedAt - signalledAt)} ms after SIGTERM`);
  await Promise.all(workers);
  agent && agent.destroy();

  const minted = await tokensMinted(client.id);
  const lost = minted - tally.get('completed');
  const line = (k, v) => process.stdout.write(`  ${k.padEnd(48)} ${v}\n`);
  process.stdout.write(`\nShutdown under load (${args.db}, ${args.workers} worker(s), ${mode}):\n\n`);
  line('requests', tally.total());
  line('completed (200 with a token)', tally.get('completed'));
  line('answered otherwise (e.g. 503 while closing)', tally.get('answered'));
  line('refused (connection refused)', tally.get('refused'));
  line('reset after connecting (client view)', tally.get('reset'));
  line('tokens minted by the server', minted);
  line('LOST (minted, never delivered)', lost);
  line('exit code', `${code}${signal ? ` (${signal})` : ''}`);
  line('time from SIGTERM to exit', `${Math.round(exitedAt - signalledAt)} ms`);
  line('/readyz seen red after SIGTERM', redAt === null ? 'never (not probed in time)' : `${Math.round(redAt - signalledAt)} ms`);
  process.stdout.write('\nBy phase:\n');
  for (const [k, n] of phases.counts) process.stdout.write(`  ${k}: ${n}\n`);
  for (const c of ['reset', 'answered']) {
    if (tally.examples.has(c)) {
      process.stdout.write(`\nExamples (${c}):\n`);
      for (const e of tally.examples.get(c)) process.stdout.write(`  ${e}\n`);
    }
  }
  const clean = lost === 0 && (code === 0 || signal === 'SIGTERM');
  const untouched = !args['follow-readyz'] || (tally.get('reset') === 0 && tally.get('refused') === 0);
  process.exitCode = clean && untouched ? 0 : 1;
} catch (err) {
  process.stderr.write(`shutdown: ${err.stack ?? err}\n`);
  process.exitCode = 1;
} finally {
  await stopGatehouse(server, 'SIGKILL');
}

/** Access tokens of the load's channel in the database (read after the server has exited). */
async function tokensMinted(clientId) {
  if (args.db === 'sqlite') {
    const Database = createRequire(import.meta.url)('better-sqlite3');
    const db = new Database(sqliteFile, { readonly: true });
    const { n } = db.prepare('SELECT COUNT(*) AS n FROM access_tokens WHERE client_id = ?').get(clientId);
    db.close();
    return Number(n);
  }
  const url = new URL(databaseUrl);
  const c = await connect(url.hostname, Number(url.port || 3306), url.pathname.slice(1));
  const [[{ n }]] = await c.query('SELECT COUNT(*) AS n FROM access_tokens WHERE client_id = ?', [clientId]);
  await c.end();
  return Number(n);
}
