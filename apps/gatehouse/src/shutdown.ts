import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { Server as NetServer, Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { Logger } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { requestPath, TemporarilyUnavailableError } from '@app/common';

/**
 * Graceful shutdown (issue 7): on SIGTERM/SIGINT, or any app.close(), no request the server has
 * taken on is dropped and no keep-alive client is reset in the middle of using its connection.
 *
 * Left to Fastify, close() stops listening at once and Node destroys every "idle" connection:
 * keep-alive sockets a client is about to reuse, and freshly accepted ones whose request has not
 * been parsed yet — those clients see a reset. So the drain runs first, in two phases:
 *
 * draining (at most SHUTDOWN_GRACE_MS): still listening, so a balancer that has not yet seen
 *   /readyz turn 503 loses nothing; every response says `Connection: close`, so keep-alive
 *   clients finish their request and reconnect (elsewhere); a connection nobody has used for
 *   IDLE_MS is closed (a client that quiet is not in the middle of sending). Ends early once no
 *   connection is open and none has opened or closed for QUIET_MS: a moment with none is not
 *   enough, since keep-alive clients told to close reconnect at once, and under load the event
 *   loop may run a timer before it accepts the connections waiting in the kernel.
 * closing: stop listening (without Node's sweep of idle sockets), answer requests that still
 *   arrive on open connections with an OAuth `temporarily_unavailable` 503 + Retry-After, let
 *   requests in flight finish, close connections silent for SETTLE_MS; after FORCE_MS, cut
 *   whatever is left.
 *
 * Only then does Fastify close (nothing left to do) and Nest run the shutdown hooks, the
 * database pool last (TypeORM's onApplicationShutdown), so in-flight requests keep their
 * database to the end. Connections the kernel has completed but Node has not accepted yet (the
 * accept queue, longer the busier the event loop) are still reset by the kernel when the listener
 * closes: no application can prevent that for a client that keeps connecting; a balancer that
 * honours /readyz has stopped sending by then.
 */
const IDLE_MS = 1000;
const QUIET_MS = 500;
const SETTLE_MS = 250;
const FORCE_MS = 5000;
const POLL_MS = 50;
const SIGNALS = ['SIGTERM', 'SIGINT'] as const;

type Phase = 'serving' | 'draining' | 'closing' | 'closed';

interface Connection {
  /** Requests parsed and not yet answered on this connection. */
  busy: number;
  /** When the connection was accepted, a response ended or (seen by a poll) bytes arrived. */
  activeAt: number;
  /** socket.bytesRead as of activeAt: more since then means the client is sending. */
  bytesRead: number;
}

export class Drain {
  phase: Phase = 'serving';
  private readonly connections = new Map<Socket, Connection>();
  private readonly logger = new Logger('Shutdown');
  private finished?: Promise<void>;
  /** The last time a connection opened or closed. */
  private changedAt = -Infinity;

  constructor(private readonly server: Server, private readonly graceMs: number) {
    server.on('connection', (socket: Socket) => {
      this.changedAt = performance.now();
      this.connections.set(socket, { busy: 0, activeAt: this.changedAt, bytesRead: 0 });
      socket.once('close', () => {
        this.changedAt = performance.now();
        this.connections.delete(socket);
      });
    });
    server.prependListener('request', (req: IncomingMessage, res: ServerResponse) => {
      const c = this.connections.get(req.socket);
      if (!c) return;
      c.busy += 1;
      res.once('close', () => {
        c.busy -= 1;
        c.activeAt = performance.now();
        c.bytesRead = req.socket.bytesRead;
      });
    });
  }

  /** Starts the drain (idempotent); resolves once no connection is left. */
  begin(): Promise<void> {
    this.finished ??= this.run();
    return this.finished;
  }

  private async run(): Promise<void> {
    this.phase = 'draining';
    const started = performance.now();
    this.logger.log(`draining: /readyz answers 503, connections close after their response (grace ${this.graceMs} ms)`);
    const quiet = () => this.connections.size === 0 && performance.now() - this.changedAt >= QUIET_MS;
    // Not listening (never started, or a test's server between requests): nobody new can come.
    while (this.server.listening && performance.now() - started < this.graceMs && !quiet()) {
      this.closeQuiet(IDLE_MS);
      await sleep(POLL_MS);
    }
    this.phase = 'closing';
    const open = this.connections.size;
    // net.Server's close: stops accepting. http.Server's own close() would also destroy every
    // connection without a request in progress, including accepted ones whose request is on its way.
    if (this.server.listening) NetServer.prototype.close.call(this.server);
    const closingAt = performance.now();
    let unused = 0;
    while (this.connections.size > 0 && performance.now() - closingAt < FORCE_MS) {
      unused += this.closeQuiet(SETTLE_MS);
      await sleep(POLL_MS);
    }
    const cut = this.connections.size;
    for (const socket of this.connections.keys()) socket.destroy();
    this.phase = 'closed';
    const summary = `closed after ${Math.round(performance.now() - started)} ms: ${open} connections open when listening stopped, ${unused} closed unused`;
    if (cut) this.logger.warn(`${summary}, ${cut} cut with requests still running after ${FORCE_MS} ms`);
    else this.logger.log(summary);
  }

  /** Destroys the connections with no request in progress and no traffic for `quietMs`. */
  private closeQuiet(quietMs: number): number {
    const now = performance.now();
    let closed = 0;
    for (const [socket, c] of this.connections) {
      if (socket.bytesRead !== c.bytesRead) {
        c.bytesRead = socket.bytesRead;
        c.activeAt = now;
      }
      if (c.busy === 0 && now - c.activeAt >= quietMs) {
        socket.destroy();
        closed += 1;
      }
    }
    return closed;
  }
}

/**
 * Installs the drain on the application: Nest's shutdown hooks for the signals, a signal listener
 * that starts the drain before Nest's own (which runs onModuleDestroy first), the hooks that
 * answer for the server while it drains, and the wait for the drain before the server closes.
 */
export function enableGracefulShutdown(app: NestFastifyApplication, graceMs: number): Drain {
  const adapter = app.getHttpAdapter();
  const fastify = adapter.getInstance();
  const drain = new Drain(app.getHttpServer() as Server, graceMs);
  const onSignal = () => void drain.begin();
  for (const signal of SIGNALS) process.prependListener(signal, onSignal);
  app.enableShutdownHooks();

  fastify.addHook('onRequest', (req, reply, done) => {
    if (drain.phase === 'serving' || (drain.phase === 'draining' && requestPath(req) !== '/readyz')) return done();
    void reply.code(503).headers({ 'Cache-Control': 'no-store', 'Retry-After': '1' });
    if (drain.phase === 'draining') {
      // terminus's shape, so that whatever reads /readyz sees a failed check and why.
      const down = { shutdown: { status: 'down', message: 'The server is shutting down' } };
      void reply.send({ status: 'error', info: {}, error: down, details: down });
      return;
    }
    const e = new TemporarilyUnavailableError('The server is shutting down; try again shortly');
    void reply.send({ statusCode: e.status, error: e.error, error_description: e.description, message: e.description });
  });
  fastify.addHook('onSend', (_req, reply, payload, done) => {
    if (drain.phase !== 'serving') reply.header('Connection', 'close');
    done(null, payload);
  });
  // Nest closes the HTTP adapter after beforeApplicationShutdown and before onApplicationShutdown
  // (the database): the drain goes first. Not a Fastify preClose hook: avvio would cut a hook
  // that runs longer than its plugin timeout (10 s).
  const closeServer = adapter.close.bind(adapter);
  adapter.close = async () => {
    try {
      await drain.begin();
      return await closeServer();
    } finally {
      // Nest re-raises the signal once closed, to end the process: nothing may catch it then.
      for (const signal of SIGNALS) process.removeListener(signal, onSignal);
    }
  };
  return drain;
}
