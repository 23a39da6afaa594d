#!/usr/bin/env node
// `npm run bench -- --db sqlite|mysql [--targets gatehouse,oidc-provider,oauth2-server,ceiling]
//   [--workloads w1,w2,w3,w4] [--repeats 3] [--duration 10] [--warmup 2] [--smoke] [--cache-ms N]
//   [--workers N] [--no-pin] [--max-other N] [--port 4110] [--at-scale [--scale F] [--prefill-only | --reuse]]`
// --at-scale first fills the database with a platform's volume (bench/lib/prefill.mjs: 1,000,000
// users, 10,000 channels, 10,000,000 access and 10,000,000 refresh tokens; with --smoke a small
// sample) and reports its size and the hot statements' query plans.
// --prefill-only stops after the fill (and keeps that database, in its own file / schema, with the
// seeded channel in bench/.work/state-<db>.json); --reuse runs the load on it again without
// filling anew, so one long fill serves several runs (W1–W4, WORKERS=2, bench/purge.mjs).
// --workers N sets the server's WORKERS (node:cluster); with more than one the server is not
// pinned to one core (the driver's --no-pin), and the output says what was pinned.
// --cache-ms sets Gatehouse's CACHE_MS (default: the server's own default); the target is then
// named gatehouse-<db>-cache<N>, so runs with different bounds can stand side by side.
// (the shared driver is taken from ../shared/bench-peers, or from BENCH_PEERS)
//
// Seeds a fresh Gatehouse database through the public API (admin session, channel registration,
// approval, a user), then runs the shared load driver (../shared/bench-peers: the same driver,
// pinning and report as the peers' published figures) over Gatehouse and the chosen peers in one
// invocation, and finally counts database round trips per unit of each workload from /metrics.
// Results: bench/.work/peers/results/<stamp>/ and bench/.work/last-summary.md.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, rmSync, symlinkSync, writeFileSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { authorize, basic, call, FORM, Jar } from './lib/http.mjs';

const HERE = dirname(new URL(import.meta.url).pathname);
const ROOT = resolve(HERE, '..');
const WORK = join(HERE, '.work');
// The shared load driver and peers: ../shared/bench-peers beside the project, or BENCH_PEERS.
const PEERS_SRC = resolve(process.env.BENCH_PEERS ?? resolve(ROOT, '..', 'shared', 'bench-peers'));
const require = createRequire(import.meta.url);

const { values: args } = parseArgs({
  options: {
    db: { type: 'string', default: 'sqlite' },
    targets: { type: 'string', default: 'gatehouse' },
    workloads: { type: 'string', default: 'w1,w2,w3,w4' },
    repeats: { type: 'string', default: '3' },
    duration: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '2' },
    concurrency: { type: 'string', default: '32' },
    smoke: { type: 'boolean', default: false },
    'mysql-url': { type: 'string', default: 'mysql://root@127.0.0.1:3306/gh_bench' },
    'no-roundtrips': { type: 'boolean', default: false },
    'cache-ms': { type: 'string' },
    'at-scale': { type: 'boolean', default: false },
    'prefill-only': { type: 'boolean', default: false },
    reuse: { type: 'boolean', default: false },
    reseed: { type: 'boolean', default: false }, // with --reuse: a fill cut short (no state kept): seed a channel anew, describe the rows there
    scale: { type: 'string', default: '1' },
    port: { type: 'string', default: '4110' }, // another port, for two benches on one machine
    workers: { type: 'string', default: '1' },
    'no-pin': { type: 'boolean', default: false },
    'max-other': { type: 'string' },
  },
});
if (args.smoke) Object.assign(args, { repeats: '1', duration: '1', warmup: '0' });
if (!['sqlite', 'mysql'].includes(args.db)) throw new Error('--db must be sqlite or mysql');
if ((args['prefill-only'] || args.reuse) && !args['at-scale']) throw new Error('--prefill-only and --reuse go with --at-scale');
const WORKERS = Number(args.workers);
if (!Number.isInteger(WORKERS) || WORKERS < 1) throw new Error('--workers must be a whole number ≥ 1');
// One core for the server and one for the driver, unless the server has several processes.
const noPin = args['no-pin'] || args.smoke || WORKERS > 1;

const PORT = Number(args.port);
const BASE = `http://127.0.0.1:${PORT}`;
const ADMIN = { username: 'bench-admin', password: 'bench-admin-password-1' };
const USER = { username: 'bench-user', password: 'bench-user-password-1' };
const REDIRECT_URI = 'http://localhost:9/cb';
const FLOW_SCOPE = 'user_id_read profile';

const { buildIfNeeded } = require('../scripts/build-if-needed.js');
const entry = buildIfNeeded('main.js');
mkdirSync(WORK, { recursive: true });

// ---------- a fresh database (at scale: its own file / schema, kept for --reuse) ----------
const STATE = join(WORK, `state-${args.db}${args['at-scale'] ? (args.smoke ? '-smoke' : '-at-scale') : ''}.json`);
let databaseUrl;
let sqliteFile;
if (args.db === 'sqlite') {
  sqliteFile = join(WORK, args['at-scale'] && !args.smoke ? 'gatehouse-bench-at-scale.sqlite' : 'gatehouse-bench.sqlite');
  databaseUrl = `sqlite:${sqliteFile}`;
  if (!args.reuse) for (const f of [sqliteFile, `${sqliteFile}-wal`, `${sqliteFile}-shm`]) rmSync(f, { force: true });
} else {
  databaseUrl = args['at-scale'] && !args.smoke ? `${args['mysql-url']}_at_scale` : args['mysql-url'];
  if (!args.reuse) {
    const url = new URL(databaseUrl);
    const db = url.pathname.slice(1);
    const mysql = require('mysql2/promise');
    const conn = await mysql.createConnection({ host: url.hostname, port: Number(url.port || 3306), user: decodeURIComponent(url.username || 'root'), password: decodeURIComponent(url.password) });
    await conn.query(`DROP DATABASE IF EXISTS \`${db}\``);
    await conn.end();
  }
}
const serverEnv = {
  NODE_ENV: 'production', DATABASE_URL: databaseUrl, ISSUER: BASE, HOST: '127.0.0.1',
  SESSION_SECRET: 'bench-session-secret-0123456789abcdef0123', LOG_LEVEL: 'warn', PURGE_INTERVAL: '0',
  ADMIN_USERNAME: ADMIN.username, ADMIN_PASSWORD: ADMIN.password, WORKERS: String(WORKERS),
  ...(args['cache-ms'] !== undefined ? { CACHE_MS: args['cache-ms'] } : {}),
};

function startServer(extra = {}) {
  const child = spawn(process.execPath, [entry], { cwd: ROOT, env: { ...process.env, ...serverEnv, ...extra, PORT: String(PORT) }, stdio: ['ignore', 'ignore', 'inherit'] });
  return child;
}
async function waitUp() {
  for (let i = 0; i < 300; i++) {
    try { if ((await call(BASE, 'GET', '/readyz')).status === 200) return; } catch { /* not yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('Gatehouse did not become ready');
}
const stop = (child) => new Promise((res) => { child.once('exit', res); child.kill('SIGTERM'); });
const json = (body) => ({ headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

// ---------- seed through the public API ----------
let client;
let scaleReport = '';
if (args.reuse && args.reseed) {
  client = await seed();
  const { describeFilled, renderPrefill } = await import('./lib/prefill.mjs');
  const result = await describeFilled({ db: args.db, file: sqliteFile, mysqlUrl: databaseUrl });
  scaleReport = `${renderPrefill(args.db, result.counts, result)}(a fill cut short: the rows it had written, counted)\n`;
  process.stdout.write(scaleReport);
  writeFileSync(STATE, JSON.stringify({ client, databaseUrl, sqliteFile, scaleReport }, null, 2));
  if (args['prefill-only']) process.exit(0);
} else if (args.reuse) {
  if (!existsSync(STATE)) throw new Error(`--reuse: no filled database recorded in ${STATE} (run with --prefill-only first)`);
  ({ client, scaleReport } = JSON.parse(readFileSync(STATE, 'utf8')));
  scaleReport = `(the filled database of an earlier run, reused; its report then:)\n${scaleReport}`;
  process.stdout.write(scaleReport);
} else {
  client = await seed();
  if (args['at-scale']) scaleReport = await fillAtScale();
  writeFileSync(STATE, JSON.stringify({ client, databaseUrl, sqliteFile, scaleReport }, null, 2));
  if (args['prefill-only']) {
    process.stdout.write(`Filled; kept for --reuse (${STATE}).\n`);
    process.exit(0);
  }
}

async function seed() {
const seedServer = startServer();
await waitUp();
const session = await call(BASE, 'POST', '/api/admin/session', json(ADMIN));
if (session.status !== 201 && session.status !== 200) throw new Error(`admin session: ${session.status} ${session.text}`);
const admin = { authorization: `Bearer ${session.json().access_token}` };
const reg = await call(BASE, 'POST', '/api/v1/clients', json({
  client_name: 'Bench App', redirect_uris: [REDIRECT_URI], scope: FLOW_SCOPE,
  grant_types: ['authorization_code', 'refresh_token', 'client_credentials'],
}));
if (reg.status !== 201) throw new Error(`registration: ${reg.status} ${reg.text}`);
const channel = { id: reg.json().client_id, secret: reg.json().client_secret, redirectUri: REDIRECT_URI };
const approve = await call(BASE, 'POST', `/api/admin/clients/${channel.id}/approve`, { headers: { ...admin, 'content-type': 'application/json' }, body: '{}' });
if (approve.status !== 200) throw new Error(`approve: ${approve.status} ${approve.text}`);
const user = await call(BASE, 'POST', '/api/admin/users', { headers: { ...admin, 'content-type': 'application/json' }, body: JSON.stringify({ ...USER, display_name: 'Bench User' }) });
if (user.status !== 201 && !(args.reseed && user.status === 409)) throw new Error(`user: ${user.status} ${user.text}`);
// One login + consent now, so the remembered consent exists before the driver's virtual users log in.
await authorize(BASE, new Jar(), { clientId: channel.id, redirectUri: REDIRECT_URI, scope: FLOW_SCOPE, user: USER });
await stop(seedServer);
return channel;
}

// ---------- at scale: a platform's volume of rows before the load ----------
async function fillAtScale() {
  const { AT_SCALE, AT_SCALE_SMOKE, prefill, renderPrefill } = await import('./lib/prefill.mjs');
  // --scale F: a fraction of the volume (a slower database's fill), said in the report.
  const f = Number(args.scale);
  if (!(f > 0 && f <= 1)) throw new Error('--scale must be a fraction in (0, 1]');
  const counts = args.smoke ? AT_SCALE_SMOKE : Object.fromEntries(Object.entries(AT_SCALE).map(([k, v]) => [k, Math.round(v * f)]));
  const log = (line) => process.stdout.write(`${line}\n`);
  const label = f !== 1 && !args.smoke ? ` (--scale ${f}: ${f}× the issue's volume)` : '';
  log(`Filling the ${args.db} database${label}: ${JSON.stringify(counts)}`);
  const started = Date.now();
  const result = await prefill({ db: args.db, file: sqliteFile, mysqlUrl: databaseUrl, counts, log });
  const report = renderPrefill(args.db, counts, result) + `${label}\nFilled in ${((Date.now() - started) / 1000).toFixed(0)} s.\n`;
  process.stdout.write(report);
  return report;
}

// ---------- the shared driver, with Gatehouse as one more target ----------
let driverOutput = '';
if (!existsSync(join(PEERS_SRC, 'run.mjs'))) {
  // A smoke run (CI) in a checkout without the shared driver beside it still exercises seeding,
  // the server and the round-trip count; a real run needs the driver.
  if (!args.smoke) throw new Error(`the shared load driver is not at ${PEERS_SRC}: set BENCH_PEERS to its folder`);
  process.stdout.write(`The shared load driver is not at ${PEERS_SRC} (set BENCH_PEERS): smoke run without the load phase.\n`);
} else {
  const pinning = noPin
    ? `Not pinned: server (WORKERS=${WORKERS}) and driver share all ${cpus().length} cores.`
    : 'Pinned: server on core 0, driver on core 1 (the shared driver\'s taskset).';
  process.stdout.write(`${pinning}\n`);
  driverOutput = `\n${pinning}\n${runDriver()}`;
}

function runDriver() {
  const peersDir = join(WORK, 'peers');
  const peers = args.targets.split(',').filter((t) => t !== 'gatehouse');
  rmSync(join(peersDir, 'targets', 'gatehouse'), { recursive: true, force: true });
  cpSync(PEERS_SRC, peersDir, { recursive: true, filter: (src) => !/\/(node_modules|results)(\/|$)/.test(src) });
  const modules = join(peersDir, 'node_modules');
  if (peers.length && !existsSync(join(modules, 'oidc-provider'))) {
    rmSync(modules, { recursive: true, force: true });
    const ci = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: peersDir, stdio: 'inherit' });
    if (ci.status !== 0) throw new Error('npm ci for the peers failed');
  } else if (!existsSync(modules)) {
    symlinkSync(join(ROOT, 'node_modules'), modules, 'dir');
  }
  const targetDir = join(peersDir, 'targets', 'gatehouse');
  mkdirSync(targetDir, { recursive: true });
  writeFileSync(join(targetDir, 'target.json'), JSON.stringify({
    name: `gatehouse-${args.db}${args['at-scale'] ? '-at-scale' : ''}${WORKERS > 1 ? `-workers${WORKERS}` : ''}${args['cache-ms'] !== undefined ? `-cache${args['cache-ms']}` : ''}`,
    description: `Gatehouse (NestJS + TypeORM), ${args.db === 'sqlite' ? 'embedded SQLite file' : 'MariaDB'}, opaque tokens persisted`,
    baseUrl: BASE,
    cwd: ROOT,
    start: [process.execPath, entry],
    env: serverEnv,
    endpoints: { authorize: '/oauth2/authorize', token: '/oauth2/token', resource: '/api/v1/me' },
    client,
    scopes: { clientCredentials: '', flow: FLOW_SCOPE },
    login: { viaPage: true, form: USER },
  }, null, 2));
  const driverArgs = [
    join(peersDir, 'run.mjs'), '--targets', [join(targetDir, 'target.json'), ...peers].join(','),
    '--workloads', args.workloads, '--repeats', args.repeats, '--duration', args.duration, '--warmup', args.warmup,
    '--concurrency', args.concurrency, ...(noPin ? ['--no-pin'] : []),
    ...(args.smoke ? ['--max-other', '1000'] : args['max-other'] !== undefined ? ['--max-other', args['max-other']] : []),
  ];
  const run = spawnSync(process.execPath, driverArgs, { cwd: peersDir, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
  process.stdout.write(run.stdout ?? '');
  if (run.status !== 0) throw new Error(`load driver failed (${run.status})`);
  return run.stdout ?? '';
}

// ---------- database round trips per unit ----------
let roundTrips = '';
if (!args['no-roundtrips']) {
  const server = startServer({ WORKERS: '1' }); // one process: its /metrics count every statement
  await waitUp();
  const queries = async () => Number(/^gatehouse_db_queries_total (\d+)/m.exec((await call(BASE, 'GET', '/metrics')).text)?.[1] ?? NaN);
  const N = args.smoke ? 5 : 50;
  const auth = { authorization: basic(client.id, client.secret), 'content-type': FORM };
  const jar = new Jar();
  const tokenFromCode = async () => {
    const { code, verifier } = await authorize(BASE, jar, { clientId: client.id, redirectUri: REDIRECT_URI, scope: FLOW_SCOPE, user: USER });
    const r = await call(BASE, 'POST', '/oauth2/token', { headers: auth, body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI, code_verifier: verifier }).toString() });
    if (r.status !== 200) throw new Error(`token: ${r.status} ${r.text}`);
    return r.json();
  };
  const first = await tokenFromCode();
  let refresh = first.refresh_token;
  const units = {
    'W1 client_credentials token': async () => { const r = await call(BASE, 'POST', '/oauth2/token', { headers: auth, body: 'grant_type=client_credentials' }); if (r.status !== 200) throw new Error(r.text); },
    'W2 bearer resource call': async () => { const r = await call(BASE, 'GET', '/api/v1/me', { headers: { authorization: `Bearer ${first.access_token}` } }); if (r.status !== 200) throw new Error(r.text); },
    'W3 authorize → token → resource': async () => { const t = await tokenFromCode(); const r = await call(BASE, 'GET', '/api/v1/me', { headers: { authorization: `Bearer ${t.access_token}` } }); if (r.status !== 200) throw new Error(r.text); },
    'W4 refresh rotation': async () => { const r = await call(BASE, 'POST', '/oauth2/token', { headers: auth, body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refresh }).toString() }); if (r.status !== 200) throw new Error(r.text); refresh = r.json().refresh_token; },
  };
  // The change feed's polls (every CHANGE_FEED_POLL_MS) are statements too, but no unit's: counted
  // while idle, then taken off in proportion to the time the units took (on a busy machine a
  // slow W3 flow would otherwise seem to make one more round trip than it does).
  const idleFrom = await queries();
  const idleStart = performance.now();
  await new Promise((r) => setTimeout(r, args.smoke ? 500 : 2000));
  const pollsPerMs = (await queries() - idleFrom) / (performance.now() - idleStart);
  const lines = ['| workload | database round trips per unit |', '|---|---:|'];
  for (const [name, unit] of Object.entries(units)) {
    await unit(); // warm caches as the load runs do
    const before = await queries();
    const started = performance.now();
    for (let i = 0; i < N; i++) await unit();
    const after = await queries();
    lines.push(`| ${name} | ${Math.max(0, (after - before - pollsPerMs * (performance.now() - started)) / N).toFixed(1)} |`);
  }
  await stop(server);
  roundTrips = `\nDatabase round trips (${args.db}; SQL statements counted by the server's TypeORM logger over ${N} sequential units, after one warm-up unit, less the change feed's polls meanwhile (${(pollsPerMs * 1000).toFixed(1)}/s while idle)):\n\n${lines.join('\n')}\n`;
  process.stdout.write(roundTrips);
}
writeFileSync(join(WORK, 'last-summary.md'), `${scaleReport}${driverOutput}${roundTrips}`);
process.stdout.write(`\nSummary written to ${join(WORK, 'last-summary.md')}\n`);
