import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A platform for the delegated-login specs, on 127.0.0.1:<random port>:
 * - provider mode: GET /signin?login_challenge=… is the platform's sign-in page. What it does is
 *   set by the test (`signIn`): it reads the login request from Gatehouse's admin API, accepts or
 *   rejects it with its bearer token and answers 302 to redirect_to, as a real platform would.
 * - verify mode: POST /verify checks the X-Gatehouse-Signature (HMAC over "<t>.<raw body>") and
 *   answers from its own user list; `mode` makes it fail, hang or answer slowly.
 */
export interface PlatformUser {
  password: string;
  user_id: string;
  username?: string;
  display_name?: string;
}

export type SignInAction =
  | { accept: Record<string, unknown> }
  | { reject: Record<string, unknown> };

export class FakePlatform {
  private server?: Server;
  baseUrl = '';
  /** Gatehouse's base URL and the bearer token the platform answers login requests with. */
  gatehouse = { baseUrl: '', token: '' };
  signIn: SignInAction = { accept: { user_id: 'platform-1' } };
  /** What the last GET /api/admin/login-requests/{challenge} answered (status and body). */
  lastLoginRequest?: { status: number; body: Record<string, unknown> };
  lastDecision?: { status: number; body: Record<string, unknown> };

  users: Record<string, PlatformUser> = {};
  mode: 'ok' | 'error' | 'hang' | 'slow' = 'ok';
  slowMs = 0;
  verifyCalls = 0;
  /** Signature check of every verify call, in order. */
  signatures: boolean[] = [];
  verifyBodies: Record<string, unknown>[] = [];
  private hanging: ServerResponse[] = [];

  /** `secret`: what the platform expects Gatehouse to sign with (a test may change it). */
  constructor(public secret: string) {}

  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res).catch((err: Error) => {
      res.statusCode = 500;
      res.end(err.message);
    }));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.baseUrl = `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
    return this.baseUrl;
  }

  async stop(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    this.hanging = [];
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.baseUrl);
    if (req.method === 'GET' && url.pathname === '/signin') return this.providerSignIn(url, res);
    if (req.method === 'POST' && url.pathname === '/verify') return this.verify(req, res);
    res.statusCode = 404;
    res.end();
  }

  private async providerSignIn(url: URL, res: ServerResponse): Promise<void> {
    const challenge = url.searchParams.get('login_challenge') ?? '';
    const api = `${this.gatehouse.baseUrl}/api/admin/login-requests/${encodeURIComponent(challenge)}`;
    const headers = { Authorization: `Bearer ${this.gatehouse.token}`, 'Content-Type': 'application/json' };
    const info = await fetch(api, { headers });
    this.lastLoginRequest = { status: info.status, body: (await info.json()) as Record<string, unknown> };
    if (info.status !== 200) {
      res.statusCode = 400;
      res.end('unknown login request');
      return;
    }
    const [verb, body] = 'accept' in this.signIn ? ['accept', this.signIn.accept] : ['reject', this.signIn.reject];
    const decided = await fetch(`${api}/${verb}`, { method: 'POST', headers, body: JSON.stringify(body) });
    this.lastDecision = { status: decided.status, body: (await decided.json()) as Record<string, unknown> };
    if (decided.status !== 200) {
      res.statusCode = 400;
      res.end('could not answer the login request');
      return;
    }
    res.statusCode = 302;
    res.setHeader('Location', this.lastDecision.body.redirect_to as string);
    res.end();
  }

  private async verify(req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.verifyCalls += 1;
    const raw = await readBody(req);
    this.signatures.push(this.signatureValid(String(req.headers['x-gatehouse-signature'] ?? ''), raw));
    if (this.mode === 'hang') {
      this.hanging.push(res);
      return;
    }
    if (this.mode === 'slow') await new Promise((r) => setTimeout(r, this.slowMs));
    if (this.mode === 'error') {
      res.statusCode = 500;
      res.end('{"error":"database down"}');
      return;
    }
    if (!this.signatures[this.signatures.length - 1]) {
      res.statusCode = 400;
      res.end('{"error":"bad signature"}');
      return;
    }
    const body = JSON.parse(raw) as { username?: string; password?: string };
    this.verifyBodies.push(body);
    const user = this.users[body.username ?? ''];
    if (!user || user.password !== body.password) {
      res.statusCode = 401;
      res.end('{"error":"invalid credentials"}');
      return;
    }
    res.setHeader('Content-Type', 'application/json');
    res.end(JSON.stringify({ user_id: user.user_id, username: user.username, display_name: user.display_name }));
  }

  /** Checks "t=<unix>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>", with a 5-minute window. */
  private signatureValid(header: string, raw: string): boolean {
    const parts = Object.fromEntries(header.split(',').map((p) => p.split('=', 2) as [string, string]));
    const t = Number(parts.t);
    if (!Number.isInteger(t) || Math.abs(Date.now() / 1000 - t) > 300 || !parts.v1) return false;
    const expected = createHmac('sha256', this.secret).update(`${parts.t}.${raw}`).digest();
    const given = Buffer.from(parts.v1, 'hex');
    return given.length === expected.length && timingSafeEqual(given, expected);
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
