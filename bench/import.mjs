#!/usr/bin/env node
// `node bench/import.mjs --db sqlite|mysql [--scale 1] [--keep-file] [--mysql-url mysql://root@127.0.0.1:3306/gh_bench_import]`
//
// The importer at scale (issue 16): generates an NDJSON export of 1,000,000 users, 10,000
// channels, 1,000,000 openids and 1,000,000 grants (times --scale; CI runs --scale 0.001), then
// imports it into a fresh database with the built command line (`npm run cli -- import --file F`),
// and reports the wall time, the rate and the importer's peak RSS (sampled from /proc every
// 250 ms). Imported password hashes are stored as given, so their kind does not change the cost;
// the file mixes bcrypt, Django pbkdf2 and salted md5 users as an export from a PHP or Django
// platform would. Output: a Markdown row on stdout, the run's detail in bench/.work/import-*.json.
import { spawn, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const HERE = dirname(new URL(import.meta.url).pathname);
const ROOT = resolve(HERE, '..');
const WORK = join(HERE, '.work');
const require = createRequire(import.meta.url);

const { values: args } = parseArgs({
  options: {
    db: { type: 'string', default: 'sqlite' },
    scale: { type: 'string', default: '1' },
    'keep-file': { type: 'boolean', default: false },
    'mysql-url': { type: 'string', default: 'mysql://root@127.0.0.1:3306/gh_bench_import' },
  },
});
if (!['sqlite', 'mysql'].includes(args.db)) throw new Error('--db must be sqlite or mysql');
const scale = Number(args.scale);
if (!(scale > 0 && scale <= 10)) throw new Error('--scale must be a number in (0, 10]');

const N = {
  users: Math.max(1, Math.round(1_000_000 * scale)),
  channels: Math.max(1, Math.round(10_000 * scale)),
  openids: Math.max(1, Math.round(1_000_000 * scale)),
  grants: Math.max(1, Math.round(1_000_000 * scale)),
};
const total = N.users + N.channels + N.openids + N.grants;
mkdirSync(WORK, { recursive: true });

// Precomputed hashes of real formats (the importer only checks their shape and stores them).
const BCRYPT = '$2y$07$BCryptRequires22Chrcte/VlQH0piJtjXl.0t1XkA8pw9dMXTpOq';
const PBKDF2 = 'pbkdf2_sha256$870000$seasalt$wJSpLMQRQz0Dhj/pFpbyjMj71B2gUYp6HJS5AU+32Ac=';

async function generate(file) {
  const out = createWriteStream(file, { highWaterMark: 1 << 20 });
  let buffer = '';
  const write = async (obj) => {
    buffer += `${JSON.stringify(obj)}\n`;
    if (buffer.length > 1 << 20) {
      if (!out.write(buffer)) await new Promise((r) => out.once('drain', r));
      buffer = '';
    }
  };
  const md5 = (s) => createHash('md5').update(s).digest('hex');
  for (let i = 0; i < N.users; i++) {
    const kind = i % 3;
    const salt = kind === 2 ? randomBytes(6).toString('hex') : undefined;
    await write({
      type: 'user', user_id: String(10_000_000 + i), username: `member${i}`,
      password_hash: kind === 0 ? BCRYPT : kind === 1 ? PBKDF2 : md5(md5(`pw${i}`) + salt),
      ...(kind === 2 ? { password_scheme: 'md5(md5($password).$salt)', password_salt: salt } : {}),
      display_name: `Member ${i}`, attributes: { seller_name: `Shop ${i}` },
    });
  }
  for (let c = 0; c < N.channels; c++) {
    await write({
      type: 'channel', client_id: `app_${c}`, client_secret: `legacy-secret-${c}-${randomBytes(8).toString('hex')}`,
      client_name: `Legacy app ${c}`, redirect_uris: [`https://app${c}.example/cb`], scope: 'user_id_read profile',
      status: 'approved', grant_types: ['authorization_code', 'refresh_token'], refresh_token_ttl: -1,
    });
  }
  for (let i = 0; i < N.openids; i++) {
    await write({ type: 'openid', user_id: String(10_000_000 + (i % N.users)), client_id: `app_${i % N.channels}`, openid: `o${randomBytes(15).toString('base64url')}` });
  }
  for (let i = 0; i < N.grants; i++) {
    await write({
      type: 'grant', user_id: String(10_000_000 + (i % N.users)), client_id: `app_${(i * 7) % N.channels}`, scope: 'user_id_read',
      refresh_token: randomBytes(24).toString('base64url'), refresh_token_expires_at: null,
      access_token: randomBytes(24).toString('base64url'), access_token_expires_at: '2099-01-01T00:00:00Z',
    });
  }
  if (buffer) out.write(buffer);
  await new Promise((r) => out.end(r));
}

async function freshDatabase() {
  if (args.db === 'sqlite') {
    const path = join(WORK, 'import-bench.sqlite');
    for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(path + suffix, { force: true });
    return `sqlite:${path}`;
  }
  const url = new URL(args['mysql-url']);
  const name = url.pathname.slice(1);
  const mysql = require('mysql2/promise');
  const conn = await mysql.createConnection({ host: url.hostname, port: Number(url.port || 3306), user: decodeURIComponent(url.username), password: decodeURIComponent(url.password) });
  await conn.query(`DROP DATABASE IF EXISTS \`${name}\``);
  await conn.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  await conn.end();
  return url.toString();
}

/** CPU seconds (user + system) a process has used so far, from /proc/<pid>/stat. */
function cpuOf(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ = 100)
  } catch {
    return null;
  }
}

/** The database server's process (MariaDB/MySQL), to count its CPU too. */
function databasePid() {
  if (args.db !== 'mysql') return null;
  for (const name of ['mariadbd', 'mysqld']) {
    const r = spawnSync('pidof', [name], { encoding: 'utf8' });
    const pid = Number(r.stdout?.trim().split(/\s+/)[0]);
    if (pid) return pid;
  }
  return null;
}

function peakOf(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (name) => Number(new RegExp(`${name}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
    return Math.max(kb('VmHWM'), kb('VmRSS'));
  } catch {
    return 0;
  }
}

async function runImport(file, databaseUrl) {
  const { buildIfNeeded } = require(join(ROOT, 'scripts', 'build-if-needed.js'));
  const entry = buildIfNeeded('cli.js');
  const dbPid = databasePid();
  const dbCpuBefore = dbPid ? cpuOf(dbPid) : null;
  const started = Date.now();
  const child = spawn(process.execPath, [entry, 'import', '--file', file], {
    cwd: ROOT, env: { ...process.env, DATABASE_URL: databaseUrl, NODE_ENV: 'production', SESSION_SECRET: 'bench-import-session-secret-0123456789abcdef' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let peakKb = 0;
  let cpu = 0;
  const samples = [];
  const timer = setInterval(() => {
    cpu = cpuOf(child.pid) ?? cpu;
    const kb = peakOf(child.pid);
    peakKb = Math.max(peakKb, kb);
    samples.push(kb);
  }, 250);
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => process.stderr.write(d));
  const code = await new Promise((r) => child.on('exit', r));
  clearInterval(timer);
  const dbCpu = dbPid && dbCpuBefore !== null ? (cpuOf(dbPid) ?? dbCpuBefore) - dbCpuBefore : null;
  return { code, seconds: (Date.now() - started) / 1000, cpuSeconds: cpu, dbCpuSeconds: dbCpu, peakKb, samples, summary: out ? JSON.parse(out) : null };
}

const file = join(WORK, `import-${scale}.ndjson`);
if (!existsSync(file)) {
  process.stderr.write(`generating ${total.toLocaleString('en-US')} lines into ${file}...\n`);
  const t0 = Date.now();
  await generate(file);
  process.stderr.write(`generated in ${((Date.now() - t0) / 1000).toFixed(1)} s (${(statSync(file).size / 1e6).toFixed(0)} MB)\n`);
}
const databaseUrl = await freshDatabase();
const result = await runImport(file, databaseUrl);
if (result.code !== 0 || !result.summary || result.summary.errors.length) {
  process.stderr.write(`import failed (exit ${result.code}): ${JSON.stringify(result.summary?.errors?.slice(0, 5))}\n`);
  process.exitCode = 1;
}
const rate = total / result.seconds;
// Memory is flat when the RSS of the last quarter is no higher than that of the second quarter (± 15 %).
const q = (from, to) => Math.max(...result.samples.slice(Math.floor(result.samples.length * from), Math.ceil(result.samples.length * to)), 0);
const flat = result.samples.length < 8 || q(0.75, 1) <= q(0.25, 0.5) * 1.15;
// On a shared machine the wall time depends on the other load; the CPU time of the importer (and
// of the database server) does not: the last column is the full-size time if each had a core.
const cpuBound = Math.max(result.cpuSeconds, result.dbCpuSeconds ?? 0);
const row = `| ${args.db} | ${scale} | ${total.toLocaleString('en-US')} | ${result.seconds.toFixed(1)} s | ${Math.round(rate).toLocaleString('en-US')} lines/s | ${(result.peakKb / 1024).toFixed(0)} MB | ${flat ? 'flat' : 'growing'} | ${result.cpuSeconds.toFixed(1)} s | ${result.dbCpuSeconds === null ? '-' : `${result.dbCpuSeconds.toFixed(1)} s`} | ${(total / rate / 60 / scale).toFixed(1)} min | ${(cpuBound / scale / 60).toFixed(1)} min |`;
writeFileSync(join(WORK, `import-${args.db}-${scale}.json`), JSON.stringify({ args, N, total, ...result, samples: undefined, rate, flat }, null, 2));
process.stdout.write('| db | scale | lines | wall time | rate | peak RSS | memory | importer CPU | database CPU | full size at this wall rate | full size, CPU-bound |\n|---|---|---|---|---|---|---|---|---|---|---|\n');
process.stdout.write(`${row}\n`);
if (!args['keep-file'] && scale >= 1) rmSync(file, { force: true });
