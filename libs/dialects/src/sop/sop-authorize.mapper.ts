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

/** Per request: the redirect's `app_id` is the (already verified) channel's own id. */
export function sopProfile(appId: string | undefined): DialectProfile {
  return {
    name: 'seed-003',
    codeTtlSeconds: SOP_CODE_TTL_SECONDS,
    requireState: false,
    extraRedirectParams: appId ? { app_id: appId } : {},
    denial: { error: true, iss: true },
  };
}
