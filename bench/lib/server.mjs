// Starts the built Gatehouse (dist/…/main.js, built first when the sources are newer) as a child
// process, waits until /readyz answers, and stops it. Used by bench/db-fault.mjs and
// bench/shutdown.mjs.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { request } from 'undici';

const require = createRequire(import.meta.url);
export const ROOT = resolve(dirname(new URL(import.meta.url).pathname), '..', '..');

export function builtEntry() {
  const { buildIfNeeded } = require('../../scripts/build-if-needed.js');
  return buildIfNeeded('main.js');
}

/** Spawns the server; its stderr (and stdout when `verbose`) pass through with a prefix. */
export function startGatehouse({ entry = builtEntry(), port, env, verbose = false }) {
  const child = spawn(process.execPath, [entry], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', ISSUER: `http://127.0.0.1:${port}`, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.output = '';
  const keep = (prefix, stream) => stream.on('data', (d) => {
    child.output = (child.output + d).slice(-200_000);
    if (verbose || prefix === 'err') process.stderr.write(String(d).replace(/^(?=.)/gm, `  [gatehouse ${prefix}] `));
  });
  keep('out', child.stdout);
  keep('err', child.stderr);
  child.exited = new Promise((res) => child.once('exit', (code, signal) => res({ code, signal })));
  child.stopping = false;
  child.exited.then(({ code, signal }) => {
    if (!child.stopping) {
      process.stderr.write(`\n  Gatehouse ${child.pid} exited on its own (code ${code}, signal ${signal}); its last output:\n${child.output.slice(-4000)}\n`);
    }
  });
  return child;
}

/** Resolves once GET /readyz answers 200; rejects after `timeoutMs` or when the child exits. */
export async function waitReady(base, child, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  child?.exited.then(() => (exited = true));
  while (Date.now() < deadline) {
    if (exited) throw new Error(`Gatehouse exited during start:\n${child.output.slice(-2000)}`);
    try {
      const r = await request(`${base}/readyz`, { headersTimeout: 2000, bodyTimeout: 2000 });
      await r.body.text();
      if (r.statusCode === 200) return;
    } catch { /* not listening yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('Gatehouse did not become ready');
}

/** Sends `signal` and waits for the exit (SIGKILL after `graceMs`). */
export async function stopGatehouse(child, signal = 'SIGTERM', graceMs = 15_000) {
  child.stopping = true;
  if (child.exitCode !== null || child.signalCode !== null) return child.exited;
  child.kill(signal);
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  const result = await child.exited;
  clearTimeout(timer);
  return result;
}
