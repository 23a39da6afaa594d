import type { AuthorizeRequest, DialectProfile } from '@app/authorization';
import { coreAuthorizeRequest } from '@app/authorization';
import type { RawParams } from '@app/common';

/** Seed 003: "应用授权的code … 有效期24小时" — the document's code lifetime. */
export const SOP_CODE_TTL_SECONDS = 24 * 3600;

/**
 * Seed 003 /oauth2/appToAppAuth: `app_id` is the client_id and the request carries no
 * response_type (the code flow is implied). The callback carries `app_id` beside `code`.
 */
export function sopAuthorizeRequest(query: RawParams | undefined): AuthorizeRequest {
  const request = coreAuthorizeRequest(query, { clientIdParam: 'app_id', scopeSeparator: ' ' });
  return { ...request, responseType: request.responseType ?? 'code' };
}

/** The DialectProfile name of /oauth2/appToAppAuth: its codes are redeemed only at the gateway. */
export const SOP_DIALECT = 'seed-003';

/**
 * Per request: the redirect's `app_id` is the (already verified) channel's own id. Only apps with
 * a registered RSA key may use the route (issue 14 #5): its 24-hour codes are redeemed only at
 * the signed gateway.
 */
export function sopProfile(appId: string | undefined): DialectProfile {
  return {
    name: SOP_DIALECT,
    requireSignatureKey: true,
    codeTtlSeconds: SOP_CODE_TTL_SECONDS,
    requireState: false,
    extraRedirectParams: appId ? { app_id: appId } : {},
    denial: { error: true, iss: true },
  };
}
