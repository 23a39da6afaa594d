import { InvalidClientRedirectError, RawParams, singleParams } from '@app/common';

/**
 * The normalized input of the authorization endpoint (RFC 6749 §4.1.1, RFC 7636 §4.3,
 * OIDC Core §3.1.2.1). The standard controller and every seed dialect map their own wire names
 * onto it; the checks never look at raw parameters.
 */
export interface AuthorizeRequest {
  clientId?: string;
  redirectUri?: string;
  responseType?: string;
  /** The scope string as sent; split with `scopeSeparator`. Omitted: the channel's scopes. */
  scope?: string;
  /** " " in RFC 6749 §3.3; some dialects use ",". */
  scopeSeparator?: string;
  state?: string;
  codeChallenge?: string;
  codeChallengeMethod?: string;
  prompt?: string;
  nonce?: string;
  /** OIDC Core §3.1.2.1: seconds since the last login beyond which the user logs in again. */
  maxAge?: string;
  /** OIDC Core §3.1.2.1: prefills the login form's username. */
  loginHint?: string;
  /** OIDC Core §3.1.2.1: the authentication context classes asked for (`mfa` asks for a second factor). */
  acrValues?: string;
  /** Names of parameters that were sent more than once (invalid_request, RFC 6749 §3.1). */
  repeated?: readonly string[];
}

export interface AuthorizeParams {
  params: Record<string, string>;
  repeated: string[];
}

/**
 * Reads a query or form body parameter by parameter (singleParams rules: strings only, empty
 * means omitted). A repeated parameter is remembered rather than thrown at once, so that the
 * error can go back to the client once its redirect_uri is verified; only the parameters that
 * identify the client and its redirect_uri (`neverRedirect`) fail at once, on the error page.
 */
export function readAuthorizeParams(source: RawParams | undefined, neverRedirect: readonly string[] = ['client_id', 'redirect_uri']): AuthorizeParams {
  const params: Record<string, string> = {};
  const repeated: string[] = [];
  for (const [key, value] of Object.entries(source && typeof source === 'object' ? source : {})) {
    try {
      Object.assign(params, singleParams({ [key]: value }));
    } catch (err) {
      if (neverRedirect.includes(key)) {
        throw new InvalidClientRedirectError((err as Error).message);
      }
      repeated.push(key);
    }
  }
  return { params, repeated };
}

/** How a dialect names the client and separates scopes; the other wire names are the standard ones. */
export interface AuthorizeWireNames {
  clientIdParam: string;
  scopeSeparator: ' ' | ',';
}

/**
 * The OAuth 2.0 fields of an authorization request (no OpenID Connect parameters), under a
 * dialect's client-id name and scope separator: what the seed dialects' authorize routes accept.
 */
export function coreAuthorizeRequest(source: RawParams | undefined, names: AuthorizeWireNames): AuthorizeRequest {
  return coreFields(readAuthorizeParams(source, [names.clientIdParam, 'redirect_uri']), names);
}

function coreFields({ params, repeated }: AuthorizeParams, names: AuthorizeWireNames): AuthorizeRequest {
  return {
    clientId: params[names.clientIdParam],
    redirectUri: params.redirect_uri,
    responseType: params.response_type,
    scope: params.scope,
    scopeSeparator: names.scopeSeparator,
    state: params.state,
    codeChallenge: params.code_challenge,
    codeChallengeMethod: params.code_challenge_method,
    repeated,
  };
}

/** The standard wire names of PRODUCT.md ("Standard endpoints"). Unknown parameters are ignored (#28). */
export function standardAuthorizeRequest(source: RawParams | undefined): AuthorizeRequest {
  const read = readAuthorizeParams(source);
  const { params } = read;
  return {
    ...coreFields(read, { clientIdParam: 'client_id', scopeSeparator: ' ' }),
    prompt: params.prompt,
    nonce: params.nonce,
    maxAge: params.max_age,
    loginHint: params.login_hint,
    acrValues: params.acr_values,
  };
}
