import { createHash, randomBytes } from 'node:crypto';
import supertest from 'supertest';
import type { TestApp } from './app';
import { ALICE } from './fixtures';

/**
 * Drives the front channel the way a browser does, over HTTP with a cookie jar (a supertest
 * agent): the authorization request, the login form, the consent form, and the final redirect
 * to the client. Used by the e2e specs, the dialect specs and the benchmarks.
 */
export interface Credentials {
  username: string;
  password: string;
}

export interface AuthorizeOptions {
  clientId?: string;
  redirectUri?: string;
  scope?: string;
  state?: string;
  codeChallenge?: string;
  /** Defaults to S256 when codeChallenge is set; pass null to leave it out. */
  codeChallengeMethod?: string | null;
  prompt?: string;
  responseType?: string;
  /** More query parameters (unknown ones, nonce …). */
  extra?: Record<string, string>;
  /** Start from this relative URL instead (a dialect's authorize URL); the fields above are then ignored. */
  url?: string;
  /** Who signs in if the login page shows up (default ALICE). */
  user?: Credentials;
  /** The answer on the consent page, if it shows up (default allow). */
  decision?: 'allow' | 'deny';
  /** A browser that may already hold a session; a fresh one by default. */
  agent?: supertest.Agent;
}

export interface AuthorizeResult {
  /** The final Location (the client's redirect_uri with code or error). */
  location: string;
  params: URLSearchParams;
  code?: string;
  state?: string;
  iss?: string;
  error?: string;
  /** Which pages the browser went through. */
  loginShown: boolean;
  consentShown: boolean;
  /** The browser, cookies included, for follow-up requests. */
  agent: supertest.Agent;
}

export function authorizeUrl(options: AuthorizeOptions): string {
  if (options.url) return options.url;
  const q = new URLSearchParams({ response_type: options.responseType ?? 'code' });
  if (options.clientId !== undefined) q.set('client_id', options.clientId);
  if (options.redirectUri !== undefined) q.set('redirect_uri', options.redirectUri);
  if (options.scope !== undefined) q.set('scope', options.scope);
  if (options.state !== undefined) q.set('state', options.state);
  if (options.codeChallenge !== undefined) {
    q.set('code_challenge', options.codeChallenge);
    if (options.codeChallengeMethod !== null) q.set('code_challenge_method', options.codeChallengeMethod ?? 'S256');
  }
  if (options.prompt !== undefined) q.set('prompt', options.prompt);
  for (const [k, v] of Object.entries(options.extra ?? {})) q.set(k, v);
  return `/oauth2/authorize?${q.toString()}`;
}

/** Runs the whole front channel and returns the redirect to the client. Throws on anything else. */
export async function loginAndAuthorize(t: TestApp, options: AuthorizeOptions): Promise<AuthorizeResult> {
  const agent = options.agent ?? t.http();
  let res = await agent.get(authorizeUrl(options));
  let loginShown = false;
  let consentShown = false;
  for (let step = 0; step < 6; step++) {
    const location = res.headers.location as string | undefined;
    if ((res.status === 302 || res.status === 303) && location?.startsWith('/login')) {
      loginShown = true;
      res = await submitLogin(agent, location, options.user ?? ALICE);
      if (res.status !== 302) throw new Error(`login failed: ${res.status} ${describe(res)}`);
      res = await agent.get(res.headers.location as string);
      continue;
    }
    if (res.status === 200 && /id="consent-form"/.test(res.text)) {
      consentShown = true;
      res = await agent.post('/oauth2/authorize/decision').type('form').send({
        transaction_id: hiddenInput(res.text, 'transaction_id'),
        _csrf: hiddenInput(res.text, '_csrf'),
        decision: options.decision ?? 'allow',
      });
      continue;
    }
    if ((res.status === 302 || res.status === 303) && location && !location.startsWith('/')) {
      const params = new URL(location).searchParams;
      return {
        location, params, loginShown, consentShown, agent,
        code: params.get('code') ?? undefined,
        state: params.get('state') ?? undefined,
        iss: params.get('iss') ?? undefined,
        error: params.get('error') ?? undefined,
      };
    }
    if ((res.status === 302 || res.status === 303) && location) {
      res = await agent.get(location);
      continue;
    }
    throw new Error(`unexpected answer in the browser flow: ${res.status} ${describe(res)}`);
  }
  throw new Error('the browser flow did not reach the client');
}

/** Opens the login page at `loginPath` and submits the form (CSRF token included). */
export async function submitLogin(agent: supertest.Agent, loginPath: string, user: Credentials): Promise<supertest.Response> {
  const page = await agent.get(loginPath);
  if (page.status !== 200) throw new Error(`login page: ${page.status}`);
  return agent.post('/login').type('form').send({
    username: user.username,
    password: user.password,
    _csrf: hiddenInput(page.text, '_csrf'),
    return_to: hiddenInput(page.text, 'return_to'),
  });
}

/** A browser signed in as `user` (no authorization request involved). */
export async function signedInAgent(t: TestApp, user: Credentials = ALICE, returnTo = '/account/grants'): Promise<supertest.Agent> {
  const agent = t.http();
  const res = await submitLogin(agent, `/login?return_to=${encodeURIComponent(returnTo)}`, user);
  if (res.status !== 302) throw new Error(`login failed: ${res.status}`);
  return agent;
}

/** RFC 7636: a verifier and its S256 challenge. */
export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

/** The value of a hidden input, HTML entities decoded. */
export function hiddenInput(html: string, name: string): string {
  const tag = html.match(new RegExp(`<input[^>]*name="${name}"[^>]*>`))?.[0];
  const value = tag?.match(/value="([^"]*)"/)?.[1];
  if (value === undefined) throw new Error(`no hidden input "${name}" in the page`);
  return decodeEntities(value);
}

function decodeEntities(s: string): string {
  return s
    .replace(/&#x([0-9a-f]+);/gi, (_m, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
    .replace(/&#(\d+);/g, (_m, dec: string) => String.fromCodePoint(Number(dec)))
    .replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

function describe(res: supertest.Response): string {
  return res.headers.location ? `→ ${res.headers.location}` : res.text?.slice(0, 300) ?? '';
}
