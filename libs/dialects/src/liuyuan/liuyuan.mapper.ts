import type { DialectProfile } from '@app/authorization';

/**
 * Seed 001 (liuyuan): standard wire names on one path, /index.php, dispatched by `app`;
 * `state` is required; redirect_uri may be left out when the channel registered exactly one.
 */
export const LIUYUAN_PROFILE: Readonly<DialectProfile> = Object.freeze({
  name: 'seed-001',
  requireState: true,
  extraRedirectParams: {},
  denial: { error: true, iss: true },
});

/**
 * The document's token body reads `code=<code>client_id=<client_id>` (the `&` is missing).
 * Codes never contain "=", so a `code` value carrying "client_id=" is that body, read as
 * intended; the client is still authenticated by its Basic credentials.
 */
export function liuyuanTokenParams(params: Record<string, string>): Record<string, string> {
  const code = params.code;
  const glued = code ? code.indexOf('client_id=') : -1;
  if (glued <= 0 || params.client_id !== undefined) return params;
  const clientId = code.slice(glued + 'client_id='.length);
  return { ...params, code: code.slice(0, glued), ...(clientId ? { client_id: clientId } : {}) };
}
