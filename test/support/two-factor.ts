import supertest from 'supertest';
import type { TestApp } from './app';
import { hiddenInput, pkcePair } from './browser-flow';
import { basicAuth, REDIRECT_URI, TestClient } from './fixtures';

/**
 * The sign-in steps of the two-factor specs (TOTP and passkeys), driven over HTTP, and the ID
 * Token an OIDC client then receives (its amr and acr are what those specs check).
 */

/** The password step: POST /login from the login page (CSRF included). */
export async function passwordStep(agent: supertest.Agent, user: { username: string; password: string }, returnTo = '/account/grants'): Promise<supertest.Response> {
  const page = await agent.get(`/login?return_to=${encodeURIComponent(returnTo)}`).expect(200);
  return agent.post('/login').type('form').send({ username: user.username, password: user.password, _csrf: hiddenInput(page.text, '_csrf'), return_to: returnTo });
}

export function authorizeUrl(rp: TestClient, challenge: string, extra: Record<string, string> = {}): string {
  const q = new URLSearchParams({
    response_type: 'code', client_id: rp.clientId, redirect_uri: REDIRECT_URI, scope: 'openid profile', state: 's', nonce: 'n',
    code_challenge: challenge, code_challenge_method: 'S256', ...extra,
  });
  return `/oauth2/authorize?${q.toString()}`;
}

/** Authorizes with the browser's session (consent given if asked), redeems the code, decodes the ID Token's claims. */
export async function idTokenClaims(t: TestApp, rp: TestClient, agent: supertest.Agent, extra: Record<string, string> = {}): Promise<Record<string, unknown>> {
  const pkce = pkcePair();
  let res = await agent.get(authorizeUrl(rp, pkce.challenge, extra));
  if (res.status === 200 && res.text.includes('id="consent-form"')) {
    res = await agent.post('/oauth2/authorize/decision').type('form')
      .send({ transaction_id: hiddenInput(res.text, 'transaction_id'), _csrf: hiddenInput(res.text, '_csrf'), decision: 'allow' });
  }
  const code = new URL(res.headers.location as string).searchParams.get('code');
  expect(code).toBeTruthy();
  const token = await supertest(t.app.getHttpServer()).post('/oauth2/token').set('Authorization', basicAuth(rp.clientId, rp.clientSecret!)).type('form')
    .send({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI, code_verifier: pkce.verifier }).expect(200);
  return JSON.parse(Buffer.from((token.body.id_token as string).split('.')[1], 'base64url').toString('utf8')) as Record<string, unknown>;
}
