#!/usr/bin/env node
// The purge job under W1 load (issue 19), on the filled database that
// `npm run bench -- --db sqlite|mysql --at-scale --prefill-only` keeps (a fifth of its tokens
// expired: a backlog for the purge from the first second):
//   node bench/purge.mjs --db sqlite|mysql [--duration 20] [--warmup 2] [--interval 1]
//     [--concurrency 32] [--no-pin] [--port 4111] [--smoke]
// Runs W1 (client_credentials tokens, `concurrency` requests in flight) three times on a fresh
// server each: purge off (PURGE_INTERVAL=0), purge on (PURGE_INTERVAL=interval), purge off again.
// Per second it records the p99 latency, the tokens issued and (purge on) the rows the purge
// deleted (gatehouse_purged_rows_total, read from /metrics once a second). It reports:
// - the expiry rate: every W1 token lives ACCESS_TOKEN_TTL and is purgeable an hour later, so in
//   a steady state W1 makes as many rows purgeable per second as it issues tokens;
// - the purge rate: rows deleted per second while the backlog lasts (its capacity);
// - the largest per-second p99 with the purge on ÷ the steady p99 (the purge-off runs' p99), and
//   the same ratio of the purge-off runs themselves (this machine's own noise).
// Server and load are pinned to cores 0 and 1 (as the shared driver does) unless --no-pin.
// The run deletes the backlog it measures: run it after the W1–W4 runs on the same fill.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { Pool, request } from 'undici';
import { builtEntry, ROOT } from './lib/server.mjs';

const WORK = join(dirname(new URL(import.meta.url).pathname), '.work');
const { values: args } = parseArgs({
  options: {
    db: { type: 'string', default: 'sqlite' },
    duration: { type: 'string', default: '20' },
    warmup: { type: 'string', default: '2' },
    interval: { type: 'string', default: '1' },
    concurrency: { type: 'string', default: '32' },
    'no-pin': { type: 'boolean', default: false },
    port: { type: 'string', default: '4111' },
    smoke: { type: 'boolean', default: false }, // on the small fill of `--smoke --at-scale --prefill-only`, 2 s runs
  },
});
if (args.smoke) Object.assign(args, { duration: '2', warmup: '0' });
const STATE = join(WORK, `state-${args.db}-${args.smoke ? 'smoke' : 'at-scale'}.json`);
if (!existsSync(STATE)) throw new Error(`no filled database recorded in ${STATE}: run \`npm run bench -- --db ${args.db} --at-scale --prefill-only\` first`);
const { client, databaseUrl, scaleReport } = JSON.parse(readFileSync(STATE, 'utf8'));
const DURATION = Number(args.duration);
const WARMUP = Number(args.warmup);
const CONCURRENCY = Number(args.concurrency);
const PORT = Number(args.port);
const BASE = `http://127.0.0.1:${PORT}`;
const pin = !args['no-pin'] && spawnSync('taskset', ['-p', String(process.pid)]).status === 0;
if (pin) spawnSync('taskset', ['-a', '-p', '-c', '1', String(process.pid)]);
const entry = builtEntry();
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function pidTree(pid) {
  const out = [pid];
  for (let i = 0; i < out.length; i += 1) {
    try {
      for (const task of readdirSync(`/proc/${out[i]}/task`)) {
        const kids = readFileSync(`/proc/${out[i]}/task/${task}/children`, 'utf8').trim();
        if (kids) out.push(...kids.split(' ').map(Number));
      }
    } catch { /* gone */ }
  }
  return out;
}
/** utime + stime of the processes, in ms. */
function cpuMs(pids) {
  let ticks = 0;
  for (const pid of pids) {
    try {
      const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      ticks += Number(f[11]) + Number(f[12]);
    } catch { /* gone */ }
  }
  return ticks * 10;
}

async function startServer(purgeInterval) {
  const cmd = [...(pin ? ['taskset', '-c', '0'] : []), process.execPath, entry];
  const child = spawn(cmd[0], cmd.slice(1), {
    cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'],
    env: {
      ...process.env, NODE_ENV: 'production', DATABASE_URL: databaseUrl, ISSUER: BASE, HOST: '127.0.0.1', PORT: String(PORT),
      SESSION_SECRET: 'bench-session-secret-0123456789abcdef0123', LOG_LEVEL: 'warn', PURGE_INTERVAL: String(purgeInterval),
    },
  });
  for (let i = 0; i < 600; i++) {
    try {
      const r = await request(`${BASE}/readyz`);
      await r.body.dump();
      if (r.statusCode === 200) return child;
    } catch { /* not yet */ }
    await sleep(100);
  }
  throw new Error('Gatehouse did not become ready');
}
const stop = (child) => new Promise((res) => { child.once('exit', res); child.kill('SIGTERM'); });

async function purgedRows() {
  const r = await request(`${BASE}/metrics`);
  const text = await r.body.text();
  const rows = {};
  for (const m of text.matchAll(/^gatehouse_purged_rows_total\{table="(\w+)"\} (\d+)/gm)) rows[m[1]] = Number(m[2]);
  return rows;
}

const p99 = (sorted) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.99) - 1)] : NaN);

/** W1 for warmup + duration seconds; per-second figures of the measured part. */
async function w1(label, purgeInterval) {
  const server = await startServer(purgeInterval);
  const pids = pidTree(server.pid);
  const pool = new Pool(BASE, { connections: CONCURRENCY, pipelining: 1 });
  const headers = {
    authorization: `Basic ${Buffer.from(`${encodeURIComponent(client.id)}:${encodeURIComponent(client.secret)}`).toString('base64')}`,
    'content-type': 'application/x-www-form-urlencoded',
  };
  const t0 = performance.now();
  const end = t0 + (WARMUP + DURATION) * 1000;
  const seconds = Array.from({ length: WARMUP + DURATION }, () => ({ lat: [], errors: 0, purged: {} }));
  let cpu0 = 0;
  const purgedAt = [];
  // Once a second: the purge counter (purge on) and, at the end of the warm-up, the CPU mark.
  const sampler = (async () => {
    for (let s = 0; s <= WARMUP + DURATION; s++) {
      await sleep(Math.max(0, t0 + s * 1000 - performance.now()));
      if (s === WARMUP) cpu0 = cpuMs(pids);
      if (purgeInterval > 0) purgedAt[s] = await purgedRows().catch(() => undefined);
    }
  })();
  const vu = async () => {
    while (performance.now() < end) {
      const start = performance.now();
      let ok = false;
      try {
        const r = await pool.request({ path: '/oauth2/token', method: 'POST', headers, body: 'grant_type=client_credentials' });
        await r.body.dump();
        ok = r.statusCode === 200;
      } catch { /* counted below */ }
      const done = performance.now();
      const s = Math.floor((done - t0) / 1000);
      if (s >= seconds.length) break;
      if (ok) seconds[s].lat.push(done - start); else seconds[s].errors += 1;
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, vu));
  const cpu = cpuMs(pids) - cpu0;
  await sampler;
  await pool.close();
  await stop(server);
  const measured = seconds.slice(WARMUP);
  const all = measured.flatMap((s) => s.lat).sort((a, b) => a - b);
  const perSecond = measured.map((s, i) => {
    const sorted = s.lat.sort((a, b) => a - b);
    const before = purgedAt[WARMUP + i] ?? {};
    const after = purgedAt[WARMUP + i + 1] ?? before;
    const purged = Object.fromEntries(Object.keys(after).map((t) => [t, after[t] - (before[t] ?? 0)]));
    return { second: i + 1, ok: sorted.length, errors: s.errors, p99: p99(sorted), purged };
  });
  const purgedTotal = (table) => perSecond.reduce((a, s) => a + (table ? s.purged[table] ?? 0 : Object.values(s.purged).reduce((x, y) => x + y, 0)), 0);
  return {
    label, purgeInterval, okPerSec: all.length / DURATION, errors: measured.reduce((a, s) => a + s.errors, 0), p99: p99(all), p50: all[Math.floor(all.length / 2)],
    maxSecondP99: Math.max(...perSecond.map((s) => s.p99)), cpuMsPerToken: cpu / all.length, perSecond,
    purgedPerSec: purgedTotal() / DURATION, purgedAccessPerSec: purgedTotal('access_tokens') / DURATION,
  };
}

const load = spawnSync('uptime', { encoding: 'utf8' }).stdout.trim();
const runs = [];
for (const [label, interval] of [['purge off', 0], ['purge on', Number(args.interval)], ['purge off, again', 0]]) {
  process.stderr.write(`${label}…\n`);
  runs.push(await w1(label, interval));
}
const [off1, on, off2] = runs;
const steadyP99 = (off1.p99 + off2.p99) / 2;
const f = (n, d = 0) => (Number.isFinite(n) ? n.toLocaleString('en', { minimumFractionDigits: d, maximumFractionDigits: d }) : '–');
const lines = [
  `\nPurge under W1 load (${args.db}; ${JSON.parse(JSON.stringify(scaleReport)).split('\n').find((l) => l.startsWith('At scale')) ?? ''})`,
  `${CONCURRENCY} requests in flight, ${WARMUP} s warm-up + ${DURATION} s measured per run, PURGE_INTERVAL=${args.interval} s with the default batches`
    + ` (PURGE_BATCH_SIZE 100 × PURGE_MAX_BATCHES 10,000: at most 1,000,000 rows per table per pass, resting after each batch as long as it took); ${pin ? 'server pinned to core 0, load to core 1' : 'not pinned'}; uptime before: ${load}.\n`,
  '| run | tokens/s | p50 ms | p99 ms | max per-second p99 ms | max ÷ steady p99 | server CPU ms per token | rows purged/s (access tokens) | errors |',
  '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
  ...runs.map((r) => `| ${r.label} | ${f(r.okPerSec)} | ${f(r.p50, 2)} | ${f(r.p99, 2)} | ${f(r.maxSecondP99, 2)} | ${f(r.maxSecondP99 / steadyP99, 2)}× | ${f(r.cpuMsPerToken, 3)} | ${r.purgeInterval ? `${f(r.purgedPerSec)} (${f(r.purgedAccessPerSec)})` : '–'} | ${r.errors} |`),
  '',
  `Expiry rate: W1 issues ${f(on.okPerSec)} tokens/s with the purge on; each is purgeable ACCESS_TOKEN_TTL + 1 h after issue, so in a steady state`
    + ` ${f(on.okPerSec)} access-token rows/s become purgeable. The purge deleted ${f(on.purgedAccessPerSec)} access-token rows/s`
    + ` (${f(on.purgedPerSec)} rows/s in all) from the backlog: ${on.purgedAccessPerSec >= on.okPerSec ? 'faster than they expire' : 'SLOWER than they expire'}`
    + ` (${f(on.purgedAccessPerSec / on.okPerSec, 1)}×).`,
  `Steady p99 (the purge-off runs): ${f(steadyP99, 2)} ms; largest per-second p99 with the purge on: ${f(on.maxSecondP99, 2)} ms = ${f(on.maxSecondP99 / steadyP99, 2)}× (limit 2×);`
    + ` the purge-off runs' own largest per-second p99: ${f(Math.max(off1.maxSecondP99, off2.maxSecondP99) / steadyP99, 2)}×.`,
  '',
  'Per second, purge on (tokens, p99 ms, rows purged):',
  on.perSecond.map((s) => `${s.second}: ${s.ok} / ${f(s.p99, 1)} / ${Object.values(s.purged).reduce((a, b) => a + b, 0)}`).join(' · '),
  '',
];
const out = `${lines.join('\n')}\n`;
process.stdout.write(out);
writeFileSync(join(WORK, `last-purge-${args.db}.md`), out);
writeFileSync(join(WORK, `last-purge-${args.db}.json`), JSON.stringify({ load, runs }, null, 2));
