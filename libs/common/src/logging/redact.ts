/** Query parameters that carry secrets in some dialects (seed 000 `token`, seed 004 `client_secret` …). */
export const SECRET_PARAMS = [
  'token', 'access_token', 'refresh_token', 'client_secret', 'code', 'code_verifier', 'password',
  'app_auth_token', 'app_refresh_token', 'id_token_hint', 'sign', 'clientSecret', '_csrf', 'secret',
];
const SECRET_SET = new Set(SECRET_PARAMS.map((p) => p.toLowerCase()));

/** The URL with every secret-bearing query value replaced by "[REDACTED]". */
export function redactUrl(url: string | undefined): string | undefined {
  if (!url) return url;
  const q = url.indexOf('?');
  if (q < 0) return url;
  const parts = url.slice(q + 1).split('&').map((pair) => {
    const eq = pair.indexOf('=');
    const rawKey = eq < 0 ? pair : pair.slice(0, eq);
    let key = rawKey;
    try { key = decodeURIComponent(rawKey.replace(/\+/g, ' ')); } catch { /* keep raw */ }
    return SECRET_SET.has(key.toLowerCase()) && eq >= 0 ? `${rawKey}=[REDACTED]` : pair;
  });
  return `${url.slice(0, q)}?${parts.join('&')}`;
}

/** pino redact paths: headers and body fields that carry credentials. */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  ...SECRET_PARAMS.map((p) => `req.body.${p}`),
  ...SECRET_PARAMS.map((p) => `req.query.${p}`),
];
