import http from 'node:http';
import net from 'node:net';
import { startTestApp, TestApp } from '../support/app';
import { basicAuth, createClient, TestClient } from '../support/fixtures';

/**
 * Issue 7 "Graceful shutdown under load: SIGTERM loses no in-flight token request" — the short
 * version of bench/shutdown.mjs, plus the drain's steps one by one (apps/gatehouse/src/shutdown.ts).
 * The application is closed exactly as the SIGTERM handler closes it (app.close(): drain, HTTP
 * server, hooks, database last).
 */

const TOKEN_BODY = 'grant_type=client_credentials';

function timeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise<T>((_, reject) => { timer = setTimeout(() => reject(new Error(`${what}: nothing after ${ms} ms`)), ms); }),
  ]);
}

interface RawResponse { status: number; headers: Record<string, string>; body: string }

/** One TCP connection driven by hand: what is written and when is exact, and so is what comes back. */
class Raw {
  private buffer = '';
  private waiting?: () => void;
  readonly closed: Promise<void>;

  private constructor(readonly socket: net.Socket) {
    socket.setEncoding('latin1');
    socket.on('data', (d: string) => { this.buffer += d; this.waiting?.(); });
    socket.on('error', () => undefined);
    this.closed = new Promise((resolve) => socket.once('close', () => { resolve(); this.waiting?.(); }));
  }

  static open(base: string): Promise<Raw> {
    const { hostname, port } = new URL(base);
    return new Promise((resolve, reject) => {
      const socket = net.connect(Number(port), hostname, () => resolve(new Raw(socket)));
      socket.once('error', reject);
    });
  }

  write(text: string): void {
    this.socket.write(text);
  }

  /** The next complete response (Content-Length framed, as Gatehouse's JSON answers are). */
  response(): Promise<RawResponse> {
    return timeout(new Promise((resolve, reject) => {
      const attempt = () => {
        const end = this.buffer.indexOf('\r\n\r\n');
        if (end >= 0) {
          const [statusLine, ...lines] = this.buffer.slice(0, end).split('\r\n');
          const headers: Record<string, string> = {};
          for (const line of lines) headers[line.slice(0, line.indexOf(':')).toLowerCase()] = line.slice(line.indexOf(':') + 1).trim();
          const length = Number(headers['content-length'] ?? 0);
          if (this.buffer.length >= end + 4 + length) {
            const body = this.buffer.slice(end + 4, end + 4 + length);
            this.buffer = this.buffer.slice(end + 4 + length);
            this.waiting = undefined;
            return resolve({ status: Number(statusLine.split(' ')[1]), headers, body });
          }
        }
        if (this.socket.destroyed) reject(new Error(`connection closed; received ${JSON.stringify(this.buffer.slice(0, 200))}`));
      };
      this.waiting = attempt;
      attempt();
    }), 5000, 'response');
  }
}

function get(path: string): string {
  return `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`;
}

/** A token request's head, leaving out the body's last `missing` bytes. */
function tokenRequest(authorization: string, missing = 0): { head: string; rest: string } {
  const whole = `POST /oauth2/token HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: ${authorization}\r\n` +
    `Content-Type: application/x-www-form-urlencoded\r\nContent-Length: ${TOKEN_BODY.length}\r\n\r\n${TOKEN_BODY}`;
  return { head: whole.slice(0, whole.length - missing), rest: whole.slice(whole.length - missing) };
}

/** Resolves at the server's next parsed request (the one the caller is about to send). */
function nextRequest(t: TestApp): Promise<void> {
  return timeout(new Promise((resolve) => (t.app.getHttpServer() as http.Server).once('request', () => resolve())), 5000, 'request');
}

async function until(condition: () => boolean | Promise<boolean>, what: string, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`${what}: not after ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/**
 * completed: 200 with a token; answered: any other status; refused: the connection was never
 * established; lost: established, then reset or left unanswered (on a fresh connection that
 * also happens when the listener closes with the connection still in the kernel's accept queue:
 * the application never saw that request, which is why the server-side count decides).
 */
type Outcome = 'completed' | 'answered' | 'refused' | 'lost';

function send(base: string, authorization: string, agent: http.Agent | false, answers: string[]): Promise<Outcome> {
  return new Promise((resolve) => {
    let connected = false;
    const req = http.request(`${base}/oauth2/token`, {
      method: 'POST', agent,
      headers: { authorization, 'content-type': 'application/x-www-form-urlencoded', 'content-length': TOKEN_BODY.length },
    }, (res) => {
      let text = '';
      res.on('data', (c) => (text += c));
      res.on('end', () => {
        if (res.statusCode === 200 && text.includes('access_token')) return resolve('completed');
        answers.push(`${res.statusCode} ${text.slice(0, 120)}`);
        resolve('answered');
      });
      res.on('aborted', () => resolve('lost'));
      res.on('error', () => resolve('lost'));
    });
    req.on('socket', (socket) => {
      if (!socket.connecting) connected = true;
      else socket.once('connect', () => { connected = true; });
    });
    req.setTimeout(5000, () => req.destroy(new Error('timeout')));
    req.on('error', () => resolve(connected ? 'lost' : 'refused'));
    req.end(TOKEN_BODY);
  });
}

interface Counts extends Record<Outcome, number> {
  /** Token requests the HTTP server parsed (Node's 'request' event): accepted by the application. */
  accepted: number;
  /** Milliseconds from app.close() to its end. */
  closeMs: number;
  /** Status and start of the body of the 'answered' ones. */
  answers: string[];
}

/**
 * Token requests at concurrency 16 until the application has closed. `followReadiness` makes the
 * load behave like a balancer: a probe reads /readyz every 10 ms and once it is red no new
 * request is sent (they would go to another instance).
 */
async function drive(t: TestApp, client: TestClient, { agent = false, followReadiness = false }: { agent?: http.Agent | false; followReadiness?: boolean } = {}): Promise<Counts> {
  const base = await t.listen();
  const authorization = basicAuth(client.clientId, client.clientSecret!);
  const counts: Counts = { completed: 0, answered: 0, refused: 0, lost: 0, accepted: 0, closeMs: 0, answers: [] };
  (t.app.getHttpServer() as http.Server).on('request', (req: http.IncomingMessage) => { if (req.url === '/oauth2/token') counts.accepted += 1; });
  let closed = false;
  let red = false;
  const prober = async () => {
    while (followReadiness && !red && !closed) {
      const status = await new Promise<number>((resolve) => {
        http.get(`${base}/readyz`, { agent: false }, (res) => { res.resume(); res.on('end', () => resolve(res.statusCode ?? 0)); })
          .on('error', () => resolve(0));
      });
      if (status !== 200) red = true;
      else await new Promise((resolve) => setTimeout(resolve, 10));
    }
  };
  // Bounded whatever happens: a close that never finishes fails the test instead of hanging it.
  const deadline = Date.now() + 10_000;
  const worker = async () => {
    while (Date.now() < deadline && !red) {
      const outcome = await send(base, authorization, agent, counts.answers);
      counts[outcome] += 1;
      if (closed && outcome === 'refused') return;
    }
  };
  const workers = [...Array.from({ length: 16 }, worker), prober()];
  await new Promise((resolve) => setTimeout(resolve, 400));
  expect(counts.completed).toBeGreaterThan(16);
  const started = Date.now();
  const outcome = await timeout(t.app.close().then(() => 'closed'), 8000, 'app.close()').catch((err: Error) => err.message);
  counts.closeMs = Date.now() - started;
  closed = true;
  await Promise.all(workers);
  expect(outcome).toBe('closed');
  return counts;
}

describe('graceful shutdown under load', () => {
  it('closing the application mid-traffic loses no accepted token request (one connection per request)', async () => {
    const t = await startTestApp({ env: { THROTTLE_CLIENT_AUTH: '1000000', THROTTLE_REQUESTS_PER_ADDRESS: '1000000', SHUTDOWN_GRACE_MS: '500' } });
    const client = await createClient(t);
    const counts = await drive(t, client);
    await t.db.drop();
    // Every request the server accepted was answered; the others were turned away before.
    expect(counts.accepted).toBe(counts.completed + counts.answered);
    expect(counts.refused).toBeGreaterThan(0);
    // The load never stops, so the drain lasts the whole grace, then the listener closes.
    expect(counts.closeMs).toBeGreaterThanOrEqual(450);
  });

  it('a keep-alive client that follows /readyz sees neither a reset nor a refusal, and the drain ends when it has left', async () => {
    const t = await startTestApp({ env: { THROTTLE_CLIENT_AUTH: '1000000', THROTTLE_REQUESTS_PER_ADDRESS: '1000000', SHUTDOWN_GRACE_MS: '5000' } });
    const client = await createClient(t);
    const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
    const counts = await drive(t, client, { agent, followReadiness: true });
    agent.destroy();
    await t.db.drop();
    expect(counts).toMatchObject({ lost: 0, refused: 0, answers: [], accepted: counts.completed });
    expect(counts.closeMs).toBeLessThan(4000);
  });
});

describe('the drain, step by step', () => {
  let t: TestApp;
  let authorization: string;
  let base: string;
  let closing: Promise<void> | undefined;

  afterEach(async () => {
    await (closing ?? t.app.close());
    closing = undefined;
    await t.db.drop();
  });

  async function start(graceMs: number): Promise<void> {
    t = await startTestApp({ env: { SHUTDOWN_GRACE_MS: String(graceMs) } });
    const client = await createClient(t);
    authorization = basicAuth(client.clientId, client.clientSecret!);
    base = await t.listen();
  }

  it('while draining: /readyz is red, responses close their keep-alive connection, requests in flight finish', async () => {
    await start(5000);
    const keepAlive = await Raw.open(base);
    keepAlive.write(get('/healthz'));
    const before = await keepAlive.response();
    expect(before.status).toBe(200);
    expect(before.headers.connection).not.toBe('close');
    // A token request whose headers are in and whose body is still on its way when the drain starts.
    const inFlight = await Raw.open(base);
    const token = tokenRequest(authorization, 5);
    const parsed = nextRequest(t);
    inFlight.write(token.head);
    await parsed;

    const started = Date.now();
    closing = t.app.close();
    let ready: RawResponse | undefined;
    await until(async () => {
      const probe = await Raw.open(base);
      probe.write(get('/readyz'));
      ready = await probe.response();
      probe.socket.destroy();
      return ready.status !== 200;
    }, '/readyz turning red');
    expect(ready!.status).toBe(503);
    expect(JSON.parse(ready!.body)).toMatchObject({ status: 'error', error: { shutdown: { status: 'down' } } });
    expect(ready!.headers.connection).toBe('close');

    // Still serving, but the keep-alive client is told to go, and its connection is closed after the answer.
    keepAlive.write(get('/healthz'));
    const during = await keepAlive.response();
    expect(during.status).toBe(200);
    expect(during.headers.connection).toBe('close');
    await timeout(keepAlive.closed, 2000, 'keep-alive connection closing');

    inFlight.write(token.rest);
    const answer = await inFlight.response();
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body).access_token).toEqual(expect.any(String));
    expect(answer.headers.connection).toBe('close');

    // With no connection left the drain ends early, not at the 5 s grace; the database closes last.
    await timeout(closing, 4000, 'app.close()');
    expect(Date.now() - started).toBeLessThan(4000);
    expect(t.dataSource.isInitialized).toBe(false);
    await expect(Raw.open(base)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('once the grace is over: the listener is closed, late requests get a JSON temporarily_unavailable 503, in-flight ones finish', async () => {
    await start(0);
    const inFlight = await Raw.open(base);
    const token = tokenRequest(authorization, 5);
    const parsed = nextRequest(t);
    inFlight.write(token.head);
    await parsed;
    // A connection accepted before the close whose request is only half sent when it starts.
    const accepted = timeout(new Promise((resolve) => (t.app.getHttpServer() as http.Server).once('connection', resolve)), 5000, 'connection');
    const late = await Raw.open(base);
    await accepted;
    const lateRequest = tokenRequest(authorization);
    late.write(lateRequest.head.slice(0, 20));

    closing = t.app.close();
    const server = t.app.getHttpServer() as http.Server;
    await until(() => !server.listening, 'the listener closing');
    late.write(lateRequest.head.slice(20));
    const refused = await late.response();
    expect(refused.status).toBe(503);
    expect(refused.headers['retry-after']).toMatch(/^\d+$/);
    expect(refused.headers['cache-control']).toBe('no-store');
    expect(refused.headers.connection).toBe('close');
    expect(refused.headers['content-type']).toMatch(/^application\/json/);
    expect(JSON.parse(refused.body)).toMatchObject({ error: 'temporarily_unavailable', error_description: expect.any(String) });

    // The request in flight still has its database: it completes after the listener closed.
    expect(t.dataSource.isInitialized).toBe(true);
    inFlight.write(token.rest);
    const answer = await inFlight.response();
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body).access_token).toEqual(expect.any(String));
    await timeout(closing, 4000, 'app.close()');
    expect(t.dataSource.isInitialized).toBe(false);
  });
});
