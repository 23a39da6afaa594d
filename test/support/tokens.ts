import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { resolve as resolvePath } from 'node:path';
import type supertest from 'supertest';
import { AuthorizationCodes, IssueCodeInput } from '../../libs/authorization/src';
import type { TestApp } from './app';
import { basicAuth, TestClient } from './fixtures';

/**
 * Helpers to get tokens quickly in e2e tests. Codes are issued straight through
 * AuthorizationCodes (the seam with /oauth2/authorize) and redeemed over HTTP.
 */
export interface TokenBody {
  access_token: string;
  token_type: string;
  expires_in: number;
  refresh_token?: string;
  scope: string;
}

export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

export function issueCode(t: TestApp, client: TestClient, userId: string, over: Partial<IssueCodeInput> = {}): Promise<string> {
  return t.app.get(AuthorizationCodes).issue({
    clientId: client.clientId,
    userId,
    redirectUri: client.redirectUri,
    redirectUriProvided: true,
    scopes: ['user_id_read', 'profile'],
    ttlSeconds: 60,
    ...over,
  });
}

/**
 * A form POST authenticated as `client` with the method it registered (enforced): Basic, or the
 * secret in the body for client_secret_post channels, client_id alone for public ones.
 */
export function clientPost(t: TestApp, path: string, client: TestClient, params: Record<string, string>): supertest.Test {
  const req = t.http().post(path).type('form');
  if (client.clientSecret && client.client?.token_endpoint_auth_method === 'client_secret_post') {
    return req.send({ client_id: client.clientId, client_secret: client.clientSecret, ...params });
  }
  if (client.clientSecret) return req.set('Authorization', basicAuth(client.clientId, client.clientSecret)).send(params);
  return req.send({ client_id: client.clientId, ...params });
}

export function tokenRequest(t: TestApp, client: TestClient, params: Record<string, string>): supertest.Test {
  return clientPost(t, '/oauth2/token', client, params);
}

export function redeemCode(t: TestApp, client: TestClient, code: string, extra: Record<string, string> = {}): supertest.Test {
  return tokenRequest(t, client, { grant_type: 'authorization_code', code, redirect_uri: client.redirectUri, ...extra });
}

/** Code → tokens in one call; fails the test unless the redemption answers 200. */
export async function obtainTokens(
  t: TestApp, client: TestClient, userId: string, over: Partial<IssueCodeInput> = {},
): Promise<TokenBody> {
  const pkce = client.clientSecret ? undefined : pkcePair();
  const code = await issueCode(t, client, userId, pkce ? { codeChallenge: pkce.challenge, codeChallengeMethod: 'S256', ...over } : over);
  const res = await redeemCode(t, client, code, pkce ? { code_verifier: pkce.verifier } : {});
  if (res.status !== 200) throw new Error(`redemption failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as TokenBody;
}

export function refresh(t: TestApp, client: TestClient, refreshToken: string, extra: Record<string, string> = {}): supertest.Test {
  return tokenRequest(t, client, { grant_type: 'refresh_token', refresh_token: refreshToken, ...extra });
}

export function clientCredentials(t: TestApp, client: TestClient, extra: Record<string, string> = {}): supertest.Test {
  return tokenRequest(t, client, { grant_type: 'client_credentials', ...extra });
}

export function introspect(t: TestApp, client: TestClient, token: string, extra: Record<string, string> = {}): supertest.Test {
  return clientPost(t, '/oauth2/introspect', client, { token, ...extra });
}

export function revoke(t: TestApp, client: TestClient, token: string, extra: Record<string, string> = {}): supertest.Test {
  return clientPost(t, '/oauth2/revoke', client, { token, ...extra });
}

export function me(t: TestApp, accessToken: string): supertest.Test {
  return t.http().get('/api/v1/me').set('Authorization', `Bearer ${accessToken}`);
}

export async function isActive(t: TestApp, client: TestClient, token: string): Promise<boolean> {
  const res = await introspect(t, client, token).expect(200);
  return res.body.active === true;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs an ES module (oauth4webapi and openid-client are ESM-only, which jest's CommonJS runtime
 * cannot load) in a child node process, with `input` as process.env.INPUT; returns what the
 * script prints as JSON on its last line. A non-zero exit rejects with the script's stderr.
 */
export function runEsm<T>(source: string, input: unknown): Promise<T> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['--input-type=module', '-e', source], {
      cwd: resolvePath(__dirname, '..', '..'), env: { ...process.env, INPUT: JSON.stringify(input) }, timeout: 30_000,
    }, (err, stdout, stderr) => {
      if (err) return reject(new Error(`${err.message}\n${stderr}`));
      const lines = stdout.trim().split('\n');
      resolve(JSON.parse(lines[lines.length - 1]) as T);
    });
  });
}

/** oauth4webapi options that send every request to the test server whatever the issuer's origin. */
export const OAUTH4WEBAPI_PRELUDE = `
import * as oauth from 'oauth4webapi';
const input = JSON.parse(process.env.INPUT);
const issuer = new URL(input.issuer);
const options = {
  [oauth.allowInsecureRequests]: true,
  [oauth.customFetch]: (url, init) => fetch(String(url).replace(issuer.origin, input.base), init),
};
const as = await oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, { ...options, algorithm: 'oauth2' }));
`;
