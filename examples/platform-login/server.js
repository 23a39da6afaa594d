#!/usr/bin/env node
'use strict';
/*
 * Example Platform: a tiny "existing platform" that keeps its own users and sign-in, for
 * Gatehouse's delegated login (README.md "Use your platform's sign-in"). Plain Node (>= 18),
 * no dependencies, one file. It implements both modes:
 *
 *   LOGIN_MODE=provider  GET/POST /login   its own sign-in page; it reads the login request
 *                                          from Gatehouse and accepts or rejects it
 *   LOGIN_MODE=verify    POST /verify      the password webhook; checks X-Gatehouse-Signature
 *
 * Settings (environment):
 *   PORT (4000; 0 = any free port), HOST (127.0.0.1)
 *   GATEHOUSE_URL            Gatehouse's ISSUER, e.g. http://localhost:3000
 *   PLATFORM_CLIENT_ID / PLATFORM_CLIENT_SECRET
 *                            a channel approved for client_credentials with the scope gatehouse:login
 *   GATEHOUSE_ADMIN_TOKEN    or an operator's bearer token instead (POST /api/admin/session)
 *   LOGIN_VERIFY_SECRET      the secret Gatehouse signs webhook calls with (verify mode)
 *
 * The users live in USERS below. A real platform would use its own database, sessions and
 * second factor here; the part that talks to Gatehouse stays the same.
 */
const http = require('node:http');
const crypto = require('node:crypto');

const USERS = {
  carol: { password: 'carol-password', user_id: 'p-1001', display_name: 'Carol Chen', second_factor: true },
  dave: { password: 'dave-password', user_id: 'p-1002', display_name: 'Dave Diaz', second_factor: false },
};

function settings(env = process.env) {
  return {
    port: Number(env.PORT ?? 4000),
    host: env.HOST || '127.0.0.1',
    gatehouseUrl: (env.GATEHOUSE_URL || 'http://localhost:3000').replace(/\/+$/, ''),
    clientId: env.PLATFORM_CLIENT_ID || '',
    clientSecret: env.PLATFORM_CLIENT_SECRET || '',
    adminToken: env.GATEHOUSE_ADMIN_TOKEN || '',
    verifySecret: env.LOGIN_VERIFY_SECRET || '',
  };
}

/* ---------- talking to Gatehouse (provider mode) ---------- */

let cachedToken = null;

/** A bearer token for /api/admin/login-requests: client_credentials (cached until shortly before expiry) or the operator's. */
async function gatehouseToken(cfg) {
  if (cfg.adminToken) return cfg.adminToken;
  if (cachedToken && cachedToken.expires > Date.now()) return cachedToken.value;
  const res = await fetch(`${cfg.gatehouseUrl}/oauth2/token`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded',
      Authorization: `Basic ${Buffer.from(`${encodeURIComponent(cfg.clientId)}:${encodeURIComponent(cfg.clientSecret)}`).toString('base64')}`,
    },
    body: new URLSearchParams({ grant_type: 'client_credentials', scope: 'gatehouse:login' }),
  });
  const body = await res.json();
  if (res.status !== 200) throw new Error(`client_credentials failed: ${res.status} ${body.error_description || body.error}`);
  cachedToken = { value: body.access_token, expires: Date.now() + (body.expires_in - 30) * 1000 };
  return cachedToken.value;
}

async function loginRequestApi(cfg, challenge, suffix = '', body) {
  const res = await fetch(`${cfg.gatehouseUrl}/api/admin/login-requests/${encodeURIComponent(challenge)}${suffix}`, {
    method: body ? 'POST' : 'GET',
    headers: { Authorization: `Bearer ${await gatehouseToken(cfg)}`, 'Content-Type': 'application/json' },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: res.status, body: await res.json() };
}

/* ---------- the sign-in page (provider mode) ---------- */

const escapeHtml = (s) => String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);

function page(res, status, title, inner) {
  res.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:26rem;margin:3rem auto;padding:0 1rem}label,input,button{display:block;width:100%;margin:.3rem 0}
input{padding:.5rem}button{padding:.6rem;margin-top:.8rem}.error{color:#b00020}.muted{color:#555}</style></head>
<body><h1>${escapeHtml(title)}</h1>${inner}</body></html>`);
}

function signInForm(res, status, { challenge, request, username = '', error = '' }) {
  page(res, status, 'Example Platform sign-in', `
<p class="muted">Sign in with your Example Platform account to continue to <strong id="client-name">${escapeHtml(request.client.client_name)}</strong>.</p>
${error ? `<p class="error" role="alert">${escapeHtml(error)}</p>` : ''}
<form id="platform-login-form" method="post" action="/login">
  <input type="hidden" name="login_challenge" value="${escapeHtml(challenge)}">
  <label for="username">Username</label><input id="username" name="username" value="${escapeHtml(username || request.login_hint || '')}" autocomplete="username" required>
  <label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password" required>
  <label for="code">One-time code (carol only; any 6 digits in this demo)</label><input id="code" name="code" inputmode="numeric" autocomplete="one-time-code">
  <button type="submit" name="action" value="accept">Sign in</button>
  <button type="submit" name="action" value="cancel" formnovalidate>Cancel</button>
</form>
<p class="muted">Scopes the app asks for: ${escapeHtml(request.requested_scope.join(', '))}</p>`);
}

async function showLogin(cfg, url, res) {
  const challenge = url.searchParams.get('login_challenge') || '';
  const found = await loginRequestApi(cfg, challenge);
  if (found.status !== 200) return page(res, found.status === 410 ? 410 : 400, 'Cannot sign in', `<p>${escapeHtml(found.body.message || 'Unknown sign-in request.')} Go back to the application and start again.</p>`);
  signInForm(res, 200, { challenge, request: found.body });
}

async function submitLogin(cfg, form, res) {
  const challenge = form.get('login_challenge') || '';
  const found = await loginRequestApi(cfg, challenge);
  if (found.status !== 200) return page(res, 400, 'Cannot sign in', `<p>${escapeHtml(found.body.message)} Go back to the application and start again.</p>`);
  let decision;
  if (form.get('action') === 'cancel') {
    decision = await loginRequestApi(cfg, challenge, '/reject', { error: 'access_denied', error_description: 'The user cancelled the sign-in' });
  } else {
    const username = form.get('username') || '';
    const user = USERS[username];
    if (!user || !safeEqual(user.password, form.get('password') || '')) {
      return signInForm(res, 401, { challenge, request: found.body, username, error: 'Wrong username or password.' });
    }
    if (user.second_factor && !/^\d{6}$/.test(form.get('code') || '')) {
      return signInForm(res, 401, { challenge, request: found.body, username, error: 'Enter the 6-digit code from your authenticator.' });
    }
    decision = await loginRequestApi(cfg, challenge, '/accept', {
      user_id: user.user_id, username, display_name: user.display_name, amr: user.second_factor ? ['pwd', 'otp'] : ['pwd'],
    });
  }
  if (decision.status !== 200) return page(res, 400, 'Cannot sign in', `<p>${escapeHtml(decision.body.message)}</p>`);
  res.writeHead(302, { Location: decision.body.redirect_to, 'Cache-Control': 'no-store' });
  res.end();
}

/* ---------- the password webhook (verify mode) ---------- */

/** X-Gatehouse-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>; at most 5 minutes old. */
function signatureValid(secret, header, raw, now = Date.now()) {
  const parts = Object.fromEntries(String(header || '').split(',').map((p) => p.split('=', 2)));
  const t = Number(parts.t);
  if (!secret || !Number.isInteger(t) || Math.abs(now / 1000 - t) > 300 || !/^[0-9a-f]{64}$/.test(parts.v1 || '')) return false;
  const expected = crypto.createHmac('sha256', secret).update(`${parts.t}.${raw}`).digest();
  return crypto.timingSafeEqual(expected, Buffer.from(parts.v1, 'hex'));
}

function verify(cfg, req, raw, res) {
  const json = (status, body) => {
    res.writeHead(status, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  if (!signatureValid(cfg.verifySecret, req.headers['x-gatehouse-signature'], raw)) return json(400, { error: 'bad signature' });
  let body;
  try {
    body = JSON.parse(raw);
  } catch {
    return json(400, { error: 'not JSON' });
  }
  const user = USERS[body.username];
  if (!user || !safeEqual(user.password, String(body.password ?? ''))) return json(401, { error: 'invalid credentials' });
  json(200, { user_id: user.user_id, username: body.username, display_name: user.display_name });
}

function safeEqual(a, b) {
  const ha = crypto.createHash('sha256').update(a).digest();
  const hb = crypto.createHash('sha256').update(b).digest();
  return crypto.timingSafeEqual(ha, hb);
}

/* ---------- the server ---------- */

function readBody(req, max = 64 * 1024) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on('data', (c) => {
      size += c.length;
      if (size > max) req.destroy(new Error('body too large'));
      else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function createPlatform(cfg = settings()) {
  return http.createServer(async (req, res) => {
    try {
      const url = new URL(req.url, 'http://platform.invalid');
      if (req.method === 'GET' && url.pathname === '/login') return await showLogin(cfg, url, res);
      if (req.method === 'POST' && url.pathname === '/login') return await submitLogin(cfg, new URLSearchParams(await readBody(req)), res);
      if (req.method === 'POST' && url.pathname === '/verify') return verify(cfg, req, await readBody(req), res);
      if (req.method === 'GET' && url.pathname === '/') {
        return page(res, 200, 'Example Platform', '<p>The sign-in page is /login (provider mode); the password webhook is POST /verify (verify mode). Users: carol / carol-password (any 6-digit code), dave / dave-password.</p>');
      }
      page(res, 404, 'Not found', '<p>Nothing here.</p>');
    } catch (err) {
      console.error(err);
      if (!res.headersSent) page(res, 502, 'Gatehouse is not reachable', `<p>${escapeHtml(err.message)}</p>`);
      else res.end();
    }
  });
}

if (require.main === module) {
  const cfg = settings();
  const server = createPlatform(cfg);
  server.listen(cfg.port, cfg.host, () => {
    const { port } = server.address();
    console.log(`Example Platform listening on http://${cfg.host}:${port} (Gatehouse at ${cfg.gatehouseUrl})`);
  });
  const stop = () => server.close(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

module.exports = { createPlatform, settings, signatureValid, USERS };
