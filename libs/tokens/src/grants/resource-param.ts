import { InvalidTargetError } from '@app/common';

/**
 * RFC 8707 §2 `resource` at the token endpoint: one absolute http(s) URI without a fragment
 * (and no credentials in it); it becomes the access token's `aud`. Absent: undefined (the
 * generator's default, this server's resource API). The token then works only at that resource:
 * this server's API refuses a token minted for another audience (#37).
 */
export function parseResourceParam(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InvalidTargetError('resource must be an absolute URI');
  }
  if (value.length > 2048 || !/^https?:$/.test(url.protocol) || value.includes('#') || url.username || url.password) {
    throw new InvalidTargetError('resource must be an absolute http(s) URI without a fragment or credentials');
  }
  return value;
}
