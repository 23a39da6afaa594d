import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createServer, request, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { resolve } from 'node:path';

/**
 * Several real Gatehouse processes on one database, as an operator scales out: each started from
 * the build as `npm start` does (built first when missing or older than the sources; CI builds
 * before the tests), and a round-robin proxy in front that sends each request to the next
 * instance in turn.
 */
const root = resolve(__dirname, '..', '..');

/** The built entry point, building it first when `npm start` would. */
export function builtEntry(): string {
  const build = spawnSync(process.execPath, ['scripts/build-if-needed.js'], { cwd: root, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`build failed:\n${build.stdout}${build.stderr}`);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { outDir } = require('../../scripts/build-if-needed') as { outDir: string };
  return resolve(outDir, 'main.js');
}

export interface Instance {
  url: string;
  output: () => string;
  stop: () => Promise<void>;
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  await new Promise((done) => server.close(done));
  return port;
}

/** Starts one instance and waits until /readyz answers 200. */
export async function startInstance(entry: string, env: Record<string, string>, timeoutMs = 60_000): Promise<Instance> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, [entry], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', ...env, PORT: String(port), WORKERS: '1' },
  });
  let out = '';
  child.stdout?.on('data', (d) => (out += d));
  child.stderr?.on('data', (d) => (out += d));
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(killer);
  };
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`instance exited with ${child.exitCode}:\n${out}`);
    const ready = await fetch(`${url}/readyz`).then((r) => r.status === 200, () => false);
    if (ready) return { url, output: () => out, stop };
    await new Promise((r) => setTimeout(r, 200));
  }
  await stop();
  throw new Error(`instance did not become ready within ${timeoutMs} ms:\n${out}`);
}

export interface Proxy {
  url: string;
  /** Sends the requests to these instances, in turn (set once they have started). */
  targets: string[];
  close: () => Promise<void>;
}

/** A round-robin HTTP proxy on 127.0.0.1 (listening before the instances start, so its URL can be the issuer). */
export async function roundRobinProxy(): Promise<Proxy> {
  let next = 0;
  const proxy: Proxy = { url: '', targets: [], close: async () => undefined };
  const server: Server = createServer((req, res) => {
    const target = new URL(proxy.targets[next++ % proxy.targets.length]);
    const upstream = request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => {
      res.writeHead(502);
      res.end();
    });
    req.pipe(upstream);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  proxy.close = () => new Promise((done) => {
    server.closeAllConnections();
    server.close(() => done());
  });
  return proxy;
}
