/** The seed 004 registration path (GET /client/add). */
export const AUTHSERVER_REGISTRATION_PATH = '/client/add';

export const AUTHSERVER_RAW_URL_MESSAGE =
  '请求地址中的中文等非 ASCII 字符须先按 UTF-8 进行 URL 编码 (percent-encode the query, e.g. clientName=%E5%BA%94%E7%94%A8%E5%90%8D%E7%A7%B0 for 应用名称; curl: use -G with --data-urlencode)';

/**
 * Seed 004's document prints `/client/add?clientName=应用名称&…` with raw UTF-8, and curl sends
 * it that way. Node's HTTP parser refuses bytes above 0x7F in a request target before any route
 * runs (HPE_INVALID_URL, also with insecureHTTPParser), so such a request cannot be accepted;
 * it gets the registration's own error envelope (errcode 4000) saying to percent-encode.
 * Returns that body for a request target on the registration path, else null.
 */
export function authserverRawUrlAnswer(target: string): { result: false; errcode: 4000; msg: string } | null {
  const path = target.split('?', 1)[0];
  if (path !== AUTHSERVER_REGISTRATION_PATH) return null;
  return { result: false, errcode: 4000, msg: AUTHSERVER_RAW_URL_MESSAGE };
}
