import { runEsm } from './tokens';

/**
 * openid-client and jose are ES modules; they run in a child node process (runEsm). Every
 * request to the issuer's origin goes to the test server (`input.base`), so discovery works
 * with the configured ISSUER whatever port the server listens on.
 */
export const OIDC_PRELUDE = `
import * as client from 'openid-client';
import * as jose from 'jose';
const input = JSON.parse(process.env.INPUT);
const issuer = new URL(input.issuer);
const toTestServer = (url) => String(url).replace(issuer.origin, input.base);
const fetchVia = (url, init) => fetch(toTestServer(url), init);
// The channels are registered with client_secret_basic (the RFC 7591 default); openid-client would post the secret unless told.
const config = await client.discovery(issuer, input.clientId, input.clientSecret, client.ClientSecretBasic(input.clientSecret), {
  execute: [client.allowInsecureRequests],
  [client.customFetch]: fetchVia,
});
const jwks = jose.createRemoteJWKSet(new URL(toTestServer(config.serverMetadata().jwks_uri)));
`;

/** Verifies a JWT against the server's JWKS with jose; returns the payload and header. */
export function verifyWithJwks(
  base: string, issuer: string, token: string, options: { audience?: string; typ?: string } = {},
): Promise<{ payload: Record<string, unknown>; protectedHeader: Record<string, unknown> }> {
  return runEsm(`
import * as jose from 'jose';
const input = JSON.parse(process.env.INPUT);
const jwks = jose.createRemoteJWKSet(new URL(input.base + '/oauth2/jwks'));
const { payload, protectedHeader } = await jose.jwtVerify(input.token, jwks, {
  issuer: input.issuer, ...(input.audience ? { audience: input.audience } : {}), ...(input.typ ? { typ: input.typ } : {}),
});
console.log(JSON.stringify({ payload, protectedHeader }));
`, { base, issuer, token, ...options });
}

export interface RpStart {
  url: string;
  verifier: string;
  nonce: string;
  state: string;
}

/** The relying party's first half: discovery, then the authorization URL (PKCE, nonce, state). */
export function rpAuthorizationUrl(input: { base: string; issuer: string; clientId: string; clientSecret: string; redirectUri: string; scope: string }): Promise<RpStart> {
  return runEsm(`${OIDC_PRELUDE}
const verifier = client.randomPKCECodeVerifier();
const nonce = client.randomNonce();
const state = client.randomState();
const url = client.buildAuthorizationUrl(config, {
  redirect_uri: input.redirectUri, scope: input.scope, nonce, state,
  code_challenge: await client.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256',
});
console.log(JSON.stringify({ url: url.href, verifier, nonce, state }));
`, input);
}

export interface RpFinish {
  tokens: { access_token: string; id_token: string; refresh_token?: string; token_type: string };
  claims: Record<string, unknown>;
  verified: { payload: Record<string, unknown>; protectedHeader: Record<string, unknown> };
  userinfo: Record<string, unknown>;
}

/**
 * The relying party's second half: the code exchange (openid-client validates the ID Token's
 * iss, aud, exp, nonce and at_hash), the ID Token's signature checked with jose against the
 * JWKS, and userinfo (its sub must equal the ID Token's).
 */
export function rpFinish(input: {
  base: string; issuer: string; clientId: string; clientSecret: string; callback: string; start: RpStart;
}): Promise<RpFinish> {
  return runEsm(`${OIDC_PRELUDE}
const tokens = await client.authorizationCodeGrant(config, new URL(input.callback), {
  pkceCodeVerifier: input.start.verifier, expectedNonce: input.start.nonce, expectedState: input.start.state, idTokenExpected: true,
});
const claims = tokens.claims();
const verified = await jose.jwtVerify(tokens.id_token, jwks, { issuer: input.issuer, audience: input.clientId });
const userinfo = await client.fetchUserInfo(config, tokens.access_token, claims.sub);
console.log(JSON.stringify({ tokens, claims, verified: { payload: verified.payload, protectedHeader: verified.protectedHeader }, userinfo }));
`, input);
}
