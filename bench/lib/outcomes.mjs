// One HTTP request with an exact account of what became of it, for the fault benchmarks:
// - answered: a status line came back (with the time it took);
// - refused: the connection was never accepted (ECONNREFUSED): the request never reached the server;
// - lost: the connection was accepted (or reused) and then reset, closed or left silent past the
//   timeout: the client cannot know whether the server acted on it.
// Built on node:http so that "connected" is known for certain; undici hides it.
import http from 'node:http';

export function send(base, { method = 'GET', path, headers = {}, body, timeoutMs = 10_000, agent = false }) {
  const started = performance.now();
  const url = new URL(path, base);
  return new Promise((resolve) => {
    let connected = false;
    let settled = false;
    const done = (outcome) => {
      if (settled) return;
      settled = true;
      resolve({ ...outcome, ms: performance.now() - started });
    };
    const req = http.request(url, {
      method, agent,
      headers: { ...headers, ...(body !== undefined ? { 'content-length': Buffer.byteLength(body) } : {}) },
    }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => done({ kind: 'answered', status: res.statusCode, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', (err) => done({ kind: 'lost', code: err.code ?? err.message }));
      res.on('aborted', () => done({ kind: 'lost', code: 'aborted' }));
    });
    req.on('socket', (socket) => {
      // A reused keep-alive socket is connected already; a new one reports 'connect'.
      if (!socket.connecting) connected = true;
      else socket.once('connect', () => { connected = true; });
    });
    req.setTimeout(timeoutMs, () => {
      req.destroy(Object.assign(new Error('timeout'), { code: 'TIMEOUT' }));
    });
    req.on('error', (err) => done({ kind: connected ? 'lost' : 'refused', code: err.code ?? err.message }));
    if (body !== undefined) req.write(body);
    req.end();
  });
}

/** Counts outcomes by category and keeps a few examples of each bad one. */
export class Tally {
  counts = new Map();
  examples = new Map();

  add(category, example) {
    this.counts.set(category, (this.counts.get(category) ?? 0) + 1);
    if (example !== undefined) {
      const list = this.examples.get(category) ?? [];
      if (list.length < 5) list.push(example);
      this.examples.set(category, list);
    }
  }

  get(category) {
    return this.counts.get(category) ?? 0;
  }

  total() {
    return [...this.counts.values()].reduce((a, b) => a + b, 0);
  }
}
