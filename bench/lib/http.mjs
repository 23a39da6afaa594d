// Small HTTP helpers for the bench scripts: a cookie jar, form extraction from Gatehouse's
// pages (form#login-form, form#consent-form) and the authorization-code + PKCE steps.
import { createHash, randomBytes } from 'node:crypto';
import { request } from 'undici';

export const FORM = 'application/x-www-form-urlencoded';

export class Jar {
  cookies = new Map();
  store(headers) {
    const set = headers['set-cookie'];
    for (const line of Array.isArray(set) ? set : set ? [set] : []) {
      const [pair] = line.split(';');
      const eq = pair.indexOf('=');
      this.cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
    }
  }
  header() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}

export async function call(base, method, path, { headers = {}, body, jar } = {}) {
  const r = await request(new URL(path, base), {
    method, body, headers: { ...headers, ...(jar && jar.cookies.size ? { cookie: jar.header() } : {}) },
  });
  jar?.store(r.headers);
  const text = await r.body.text();
  return { status: r.statusCode, headers: r.headers, text, json: () => JSON.parse(text) };
}

export function formOf(html, id) {
  const m = new RegExp(`<form[^>]*id="${id}"[^>]*>([\\s\\S]*?)</form>`).exec(html);
  if (!m) return null;
  const action = /action="([^"]*)"/.exec(m[0])?.[1] ?? '';
  const fields = {};
  for (const input of m[1].matchAll(/<input[^>]*>/g)) {
    const name = /name="([^"]*)"/.exec(input[0])?.[1];
    const value = /value="([^"]*)"/.exec(input[0])?.[1] ?? '';
    if (name) fields[name] = value.replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#x3D;/g, '=').replace(/&#x2F;/g, '/');
  }
  return { action: action.replace(/&amp;/g, '&'), fields };
}

export function pkce() {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

export const basic = (id, secret) => `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`;

/** GET authorize, filling the login and consent pages on the way, until the redirect_uri. Returns the code. */
export async function authorize(base, jar, { clientId, redirectUri, scope, user }) {
  const { verifier, challenge } = pkce();
  const state = randomBytes(8).toString('hex');
  let path = `/oauth2/authorize?${new URLSearchParams({ response_type: 'code', client_id: clientId, redirect_uri: redirectUri, scope, state, code_challenge: challenge, code_challenge_method: 'S256' })}`;
  let method = 'GET';
  let body;
  for (let hop = 0; hop < 12; hop++) {
    const r = await call(base, method, path, { jar, body, headers: body ? { 'content-type': FORM } : {} });
    if (r.status >= 300 && r.status < 400) {
      const next = new URL(r.headers.location, base);
      if (next.origin !== new URL(base).origin) {
        const code = next.searchParams.get('code');
        if (!code) throw new Error(`authorize ended without a code: ${next}`);
        return { code, verifier };
      }
      path = next.pathname + next.search;
      method = 'GET';
      body = undefined;
      continue;
    }
    const login = formOf(r.text, 'login-form');
    const consent = login ? null : formOf(r.text, 'consent-form');
    const form = login ?? consent;
    if (!form) throw new Error(`authorize: HTTP ${r.status} without a form: ${r.text.slice(0, 200)}`);
    path = form.action;
    method = 'POST';
    body = new URLSearchParams(login ? { ...form.fields, username: user.username, password: user.password } : { ...form.fields, decision: 'allow' }).toString();
  }
  throw new Error('authorize: too many hops');
}
