#!/usr/bin/env node
// `node bench/db-fault.mjs [--duration 20] [--outage-at 6] [--outage 5] [--concurrency 8]
//   [--fault shutdown|kill|freeze] [--mode private|system] [--port 4120] [--db-port 3407] [--verbose]`
//
// Issue 7 "Database faults": MariaDB stops in the middle of mixed traffic and comes back.
// Starts the built Gatehouse on a fresh database, seeds it through the public API, drives token
// requests (client_credentials, authorization_code, refresh rotation), resource calls and
// authorization requests with a signed-in browser session, stops MariaDB for a few seconds, starts
// it again, and prints how every request ended:
//   succeeded    answered as usual (2xx/3xx; 4xx answers are counted apart)
//   failed fast  503 within 2 s with a JSON error (API) or the error page (browser), or an
//                authorization error `temporarily_unavailable` sent back to the client (RFC 6749 §4.1.2.1)
//   failed slow  503 (or `temporarily_unavailable` sent back to the client) after more than 2 s
//   lost         no answer, a reset, a timeout, or any 5xx other than 503 — must be 0
// then /readyz (red during the outage, green after), recovery without a restart, and the
// database's consistency (no code consumed without its tokens, no tokens of an unconsumed code,
// no rotated refresh token without its successor). Exit code 1 when anything is off.
//
// --fault shutdown (default) stops MariaDB cleanly (mysqladmin shutdown); kill crashes it with
// SIGKILL (connections drop without a goodbye, InnoDB recovers at start); freeze suspends it with
// SIGSTOP (connections stay open and nothing answers: only timeouts help) and resumes it with SIGCONT.
//
// --mode private (default) runs a throwaway MariaDB (same binary, own data directory and port)
// so that other people's tests on the shared server are not disturbed; --mode system stops and
// restarts the machine's own server (mysqladmin -uroot shutdown / start-stop-daemon). Either way
// MariaDB is running again when the script ends.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { basic, FORM, pkce } from './lib/http.mjs';
import { connect, mariadb } from './lib/mariadb.mjs';
import { send, Tally } from './lib/outcomes.mjs';
import { REDIRECT_URI, SCOPE, seed } from './lib/seed.mjs';
import { ROOT, startGatehouse, stopGatehouse, waitReady } from './lib/server.mjs';

const { values: args } = parseArgs({
  options: {
    duration: { type: 'string', default: '20' },
    'outage-at': { type: 'string', default: '6' },
    outage: { type: 'string', default: '5' },
    concurrency: { type: 'string', default: '8' },
    mode: { type: 'string', default: 'private' },
    fault: { type: 'string', default: 'shutdown' },
    port: { type: 'string', default: '4120' },
    'db-port': { type: 'string', default: '3407' },
    verbose: { type: 'boolean', default: false },
  },
});
const DURATION = Number(args.duration) * 1000;
const OUTAGE_AT = Number(args['outage-at']) * 1000;
const OUTAGE = Number(args.outage) * 1000;
const FAST_MS = 2000;
const PORT = Number(args.port);
const BASE = `http://127.0.0.1:${PORT}`;
const ADMIN = { username: 'fault-admin', password: 'fault-admin-password-1' };
const WORK = join(ROOT, 'bench', '.work');
mkdirSync(WORK, { recursive: true });

const db = mariadb({ mode: args.mode, workDir: WORK, port: Number(args['db-port']) });
const DATABASE = 'gh_fault';
const log = (msg) => process.stdout.write(`[${new Date().toISOString().slice(11, 23)}] ${msg}\n`);

let server;
try {
  await db.ensureInstalled();
  if (!(await db.isUp())) db.start();
  await db.waitUp(60_000);
  const setup = await connect(db.host, db.port);
  await setup.query(`DROP DATABASE IF EXISTS \`${DATABASE}\``);
  await setup.end();

  server = startGatehouse({
    port: PORT,
    verbose: args.verbose,
    env: {
      NODE_ENV: 'production', DATABASE_URL: `mysql://root@${db.host}:${db.port}/${DATABASE}`,
      SESSION_SECRET: 'fault-session-secret-0123456789abcdef0123', LOG_LEVEL: args.verbose ? 'info' : 'warn', PURGE_INTERVAL: '0',
      ADMIN_USERNAME: ADMIN.username, ADMIN_PASSWORD: ADMIN.password,
      THROTTLE_CLIENT_AUTH: '1000000', THROTTLE_LOGIN_PER_ACCOUNT: '1000000', THROTTLE_LOGIN_PER_ADDRESS: '1000000',
      THROTTLE_REQUESTS_PER_ADDRESS: '100000000',
    },
  });
  await waitReady(BASE, server);
  const pid = server.pid;
  const { client, jar } = await seed(BASE, ADMIN);
  log(`Gatehouse ${pid} on ${BASE}, MariaDB (${db.mode}) on ${db.host}:${db.port}, database ${DATABASE}; seeded through the public API`);

  const result = await drive(client, jar);
  const consistency = await checkConsistency();
  const alive = server.exitCode === null && server.signalCode === null && server.pid === pid;
  report(result, consistency, alive);
  const ok = result.tally.get('lost') === 0 && result.tally.get('misanswered') === 0 && result.readyRedDuringOutage && result.readyGreenAfter && result.recoveredMs !== null
    && alive && Object.values(consistency.problems).every((n) => n === 0);
  process.exitCode = ok ? 0 : 1;
} catch (err) {
  process.stderr.write(`db-fault: ${err.stack ?? err}\n`);
  process.exitCode = 1;
} finally {
  if (args.fault === 'freeze') {
    try { db.signal('SIGCONT'); } catch { /* not frozen */ }
  }
  if (!(await db.isUp())) {
    log('starting MariaDB again');
    try { db.start(); await db.waitUp(60_000); } catch (err) { process.stderr.write(`db-fault: could not restart MariaDB: ${err.message}\n`); }
  }
  if (server) await stopGatehouse(server);
  if (args.mode === 'private') {
    try { db.stop(); } catch { /* already down */ }
  }
}

// ---------------------------------------------------------------------------------------------

async function drive(client, jar) {
  const tally = new Tally();
  const byKind = new Map();
  const auth = { authorization: basic(client.id, client.secret), 'content-type': FORM };
  const started = performance.now();
  const now = () => performance.now() - started;
  let dbDown = false;
  let downAt = null;
  let upAt = null;
  let restartedAt = null; // SIGCONT or start issued (upAt: MariaDB seen answering again)
  let recoveredMs = null;
  const ready = [];

  /** Classifies one request; `browser` pages answer 503 with the error page, APIs with JSON. */
  const record = (kind, outcome, browser = false) => {
    const t = now();
    const phase = downAt === null || t < downAt ? 'before' : upAt === null || t < upAt ? 'outage' : 'after';
    let category;
    if (outcome.kind !== 'answered') {
      category = outcome.kind === 'refused' ? 'refused' : 'lost';
    } else if (browser && outcome.status === 302) {
      // RFC 6749 §4.1.2.1: temporarily_unavailable goes back to the (verified) client. A signed-in
      // browser sent anywhere else (the login page, say) or with another error was misled.
      const location = String(outcome.headers.location ?? '');
      const params = location.startsWith(`${REDIRECT_URI}?`) ? new URL(location).searchParams : null;
      category = params?.has('code') ? (outcome.ms > FAST_MS ? 'succeeded slowly' : 'succeeded')
        : params?.get('error') === 'temporarily_unavailable' ? (outcome.ms <= FAST_MS ? 'failed fast' : 'failed slow')
          : 'misanswered';
      if (category === 'succeeded' && phase === 'after' && recoveredMs === null) recoveredMs = t - upAt;
    } else if (outcome.status < 400) {
      category = outcome.ms > FAST_MS ? 'succeeded slowly' : 'succeeded';
      if (phase === 'after' && recoveredMs === null) recoveredMs = t - upAt;
    } else if (outcome.status === 503) {
      const shaped = browser ? /text\/html/.test(outcome.headers['content-type'] ?? '') : safeJson(outcome.text)?.error !== undefined;
      category = outcome.ms <= FAST_MS && shaped ? 'failed fast' : outcome.ms <= FAST_MS ? 'failed fast (wrong shape)' : 'failed slow';
    } else if (outcome.status >= 500) {
      category = 'lost';
    } else {
      category = 'answered 4xx';
    }
    const example = category === 'succeeded' ? undefined
      : `${phase} ${kind}: ${outcome.kind} ${outcome.status ?? outcome.code} ${Math.round(outcome.ms)} ms ${outcome.headers?.location ?? ''} ${(outcome.text ?? '').slice(0, 160)}`;
    tally.add(category, example);
    const k = byKind.get(kind) ?? new Tally();
    k.add(`${phase}:${category}`);
    byKind.set(kind, k);
    return outcome;
  };

  const call = (kind, req, browser) => send(BASE, { timeoutMs: 10_000, ...req }).then((o) => record(kind, o, browser));

  async function tokensFromCode() {
    const { verifier, challenge } = pkce();
    const query = new URLSearchParams({
      response_type: 'code', client_id: client.id, redirect_uri: REDIRECT_URI, scope: SCOPE, state: 's', code_challenge: challenge, code_challenge_method: 'S256',
    });
    const a = await call('authorize (signed in)', { path: `/oauth2/authorize?${query}`, headers: { cookie: jar.header() } }, true);
    if (a.kind !== 'answered' || a.status !== 302) return null;
    const code = new URL(a.headers.location).searchParams.get('code');
    if (!code) return null;
    const t = await call('token authorization_code', {
      method: 'POST', path: '/oauth2/token', headers: auth,
      body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI, code_verifier: verifier }).toString(),
    });
    return t.kind === 'answered' && t.status === 200 ? JSON.parse(t.text) : null;
  }

  async function worker() {
    let tokens = null;
    for (let i = 0; now() < DURATION; i++) {
      if (!tokens) {
        tokens = await tokensFromCode();
        if (!tokens) await pause(50);
        continue;
      }
      const op = i % 4;
      if (op === 0) {
        await call('token client_credentials', { method: 'POST', path: '/oauth2/token', headers: auth, body: 'grant_type=client_credentials' });
      } else if (op === 1) {
        await call('resource /api/v1/me', { path: '/api/v1/me', headers: { authorization: `Bearer ${tokens.access_token}` } });
      } else if (op === 2) {
        const r = await call('token refresh_token', {
          method: 'POST', path: '/oauth2/token', headers: auth,
          body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token }).toString(),
        });
        // A rotation whose answer was a 503 may or may not have happened: start a new family.
        if (r.kind === 'answered' && r.status === 200) tokens = JSON.parse(r.text);
        else tokens = null;
      } else {
        const fresh = await tokensFromCode();
        if (fresh) tokens = fresh;
      }
    }
  }

  async function readiness() {
    while (now() < DURATION + 1000) {
      const o = await send(BASE, { path: '/readyz', timeoutMs: 5000 });
      ready.push({ t: now(), status: o.kind === 'answered' ? o.status : o.kind, down: dbDown, ms: o.ms });
      await pause(250);
    }
  }

  async function outage() {
    await pause(OUTAGE_AT);
    log(`${args.fault === 'freeze' ? 'freezing' : args.fault === 'kill' ? 'killing' : 'stopping'} MariaDB (${db.mode})`);
    downAt = now();
    if (args.fault === 'freeze') db.signal('SIGSTOP');
    else if (args.fault === 'kill') db.signal('SIGKILL');
    else db.stop();
    dbDown = true;
    await pause(OUTAGE);
    log(args.fault === 'freeze' ? 'resuming MariaDB' : 'starting MariaDB');
    restartedAt = now();
    if (args.fault === 'freeze') db.signal('SIGCONT');
    else db.start();
    await db.waitUp(60_000);
    upAt = now();
    dbDown = false;
    log(`MariaDB accepts connections again (${Math.round((upAt - downAt) / 100) / 10} s after the stop)`);
  }

  await Promise.all([outage(), readiness(), ...Array.from({ length: Number(args.concurrency) }, worker)]);
  // Probes answered while MariaDB was down for sure: after its first 0.5 s, and before SIGCONT /
  // start was issued (a probe that ends between that and upAt may rightly be green already).
  const during = ready.filter((r) => r.t > downAt + 500 && r.t < restartedAt);
  const after = ready.filter((r) => r.t > upAt + 3000);
  return {
    tally, byKind, recoveredMs, outageMs: upAt - downAt,
    readyRedDuringOutage: during.length > 0 && during.some((r) => r.status === 503),
    readyAllRedDuringOutage: during.length > 0 && during.every((r) => r.status === 503),
    readyGreenDuringOutage: during.filter((r) => r.status !== 503).map((r) => `${r.status} at +${Math.round(r.t - downAt)} ms (${Math.round(r.ms)} ms)`),
    readySlowest: Math.round(Math.max(0, ...ready.map((r) => r.ms))),
    readyGreenAfter: after.length > 0 && after.every((r) => r.status === 200),
    readyTimeline: ready,
  };
}

async function checkConsistency() {
  const c = await connect(db.host, db.port, DATABASE);
  const one = async (sql) => Number((await c.query(sql))[0][0].n);
  const totals = {
    'codes issued': await one('SELECT COUNT(*) AS n FROM authorization_codes'),
    'codes consumed': await one('SELECT COUNT(*) AS n FROM authorization_codes WHERE consumed_at IS NOT NULL'),
    'access tokens': await one('SELECT COUNT(*) AS n FROM access_tokens'),
    'refresh tokens': await one('SELECT COUNT(*) AS n FROM refresh_tokens'),
    'rotated refresh tokens': await one('SELECT COUNT(*) AS n FROM refresh_tokens WHERE rotated_at IS NOT NULL'),
  };
  const problems = {
    'codes consumed without tokens': await one(`SELECT COUNT(*) AS n FROM authorization_codes c WHERE c.consumed_at IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM access_tokens a WHERE a.grant_id = c.grant_id)`),
    'access tokens of an unconsumed code': await one(`SELECT COUNT(*) AS n FROM access_tokens a
      JOIN authorization_codes c ON c.grant_id = a.grant_id WHERE c.consumed_at IS NULL`),
    'refresh tokens of an unconsumed code': await one(`SELECT COUNT(*) AS n FROM refresh_tokens r
      JOIN authorization_codes c ON c.grant_id = r.grant_id WHERE c.consumed_at IS NULL`),
    'rotated refresh tokens without a successor': await one(`SELECT COUNT(*) AS n FROM refresh_tokens r WHERE r.rotated_at IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM refresh_tokens s WHERE s.parent_id = r.id)`),
  };
  await c.end();
  return { totals, problems };
}

function report(r, consistency, alive) {
  const t = r.tally;
  const line = (k, v) => process.stdout.write(`  ${k.padEnd(44)} ${v}\n`);
  process.stdout.write(`\nDatabase fault run (${args.fault}): ${Math.round(DURATION / 1000)} s of traffic, ${args.concurrency} clients, MariaDB down ${(r.outageMs / 1000).toFixed(1)} s\n\n`);
  line('requests', t.total());
  line('succeeded', t.get('succeeded'));
  line(`succeeded, but after more than ${FAST_MS / 1000} s`, t.get('succeeded slowly'));
  line('answered 4xx (client-visible refusals)', t.get('answered 4xx'));
  line(`failed fast (503 / temporarily_unavailable, < ${FAST_MS / 1000} s)`, t.get('failed fast'));
  line('failed fast but with the wrong body shape', t.get('failed fast (wrong shape)'));
  line('failed slow (503 / temporarily_unavailable after 2 s)', t.get('failed slow'));
  line('misanswered (signed-in browser not sent back)', t.get('misanswered'));
  line('refused (connection never accepted)', t.get('refused'));
  line('LOST (no answer, reset, timeout, other 5xx)', t.get('lost'));
  process.stdout.write('\n');
  line('/readyz red during the outage', r.readyRedDuringOutage ? `yes${r.readyAllRedDuringOutage ? ' (every probe)' : ` (not every probe: ${r.readyGreenDuringOutage.join(', ')})`}` : 'NO');
  line('/readyz green after', r.readyGreenAfter ? 'yes' : 'NO');
  line('/readyz slowest answer', `${r.readySlowest} ms`);
  line('first success after MariaDB was back', r.recoveredMs === null ? 'NEVER' : `${Math.round(r.recoveredMs)} ms`);
  line('same process throughout (no restart)', alive ? 'yes' : 'NO');
  process.stdout.write('\nPer request kind (phase:outcome):\n');
  for (const [kind, k] of r.byKind) {
    process.stdout.write(`  ${kind}: ${[...k.counts].map(([c, n]) => `${c}=${n}`).join(', ')}\n`);
  }
  process.stdout.write('\nDatabase consistency:\n');
  for (const [k, v] of Object.entries(consistency.totals)) line(k, v);
  for (const [k, v] of Object.entries(consistency.problems)) line(k, v === 0 ? '0' : `${v}  <-- INCONSISTENT`);
  const bad = ['lost', 'failed slow', 'succeeded slowly', 'failed fast (wrong shape)', 'misanswered', 'answered 4xx'].filter((c) => t.examples.has(c));
  if (bad.length) {
    process.stdout.write('\nExamples:\n');
    for (const c of bad) for (const e of t.examples.get(c)) process.stdout.write(`  [${c}] ${e}\n`);
  }
}

function safeJson(text) {
  try { return JSON.parse(text); } catch { return undefined; }
}

function pause(ms) {
  return new Promise((r) => setTimeout(r, ms));
}
