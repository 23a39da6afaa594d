import { SopGatewayError } from './sop-gateway-error';

/**
 * Seed 003 gateway request checks (the open platform's common parameters): which parameters
 * must be present and which values this gateway serves. The signature and the timestamp are
 * checked by SopGateway, against the channel's key and the clock.
 */
export const SOP_TOKEN_METHOD = 'open.auth.token.app';

const REQUIRED: ReadonlyArray<[string, string]> = [
  ['method', 'isv.missing-method'],
  ['app_id', 'isv.missing-app-id'],
  ['sign_type', 'isv.missing-signature-type'],
  ['sign', 'isv.missing-signature'],
  ['timestamp', 'isv.missing-timestamp'],
  ['version', 'isv.missing-version'],
  ['biz_content', 'isv.missing-biz-content'],
];

export function checkCommonParams(params: Record<string, string>): void {
  for (const [name, subCode] of REQUIRED) {
    if (!params[name]) throw new SopGatewayError(subCode, `Missing required parameter: ${name}`);
  }
  if (params.method !== SOP_TOKEN_METHOD) throw new SopGatewayError('isv.invalid-method', 'This gateway serves only method open.auth.token.app');
  if (params.format !== undefined && params.format.toLowerCase() !== 'json') throw new SopGatewayError('isv.invalid-format', 'format must be json');
  if (params.charset !== undefined && params.charset.toLowerCase() !== 'utf-8') throw new SopGatewayError('isv.invalid-charset', 'charset must be utf-8');
  if (params.sign_type !== 'RSA2') throw new SopGatewayError('isv.invalid-signature-type', 'sign_type must be RSA2');
  if (params.version !== '1.0') throw new SopGatewayError('isv.invalid-version', 'version must be 1.0');
}

export type SopGrant = { grant_type: 'authorization_code'; code: string } | { grant_type: 'refresh_token'; refresh_token: string };

/** biz_content of open.auth.token.app: {"grant_type": …, "code": …} or {"grant_type": …, "refresh_token": …}. */
export function readBizContent(text: string): SopGrant {
  let biz: unknown;
  try {
    biz = JSON.parse(text);
  } catch {
    throw new SopGatewayError('isv.invalid-biz-content', 'biz_content is not valid JSON');
  }
  if (!biz || typeof biz !== 'object' || Array.isArray(biz)) throw new SopGatewayError('isv.invalid-biz-content', 'biz_content must be a JSON object');
  const field = (name: string): string | undefined => {
    const value = (biz as Record<string, unknown>)[name];
    if (value === undefined || value === null || value === '') return undefined;
    if (typeof value !== 'string' || value.length > 2048) throw new SopGatewayError('isv.invalid-biz-content', `${name} must be a string`);
    return value;
  };
  const grantType = field('grant_type');
  if (!grantType) throw new SopGatewayError('isv.missing-grant-type', 'biz_content.grant_type is required');
  if (grantType === 'authorization_code') {
    const code = field('code');
    if (!code) throw new SopGatewayError('isv.missing-code', 'biz_content.code is required');
    return { grant_type: grantType, code };
  }
  if (grantType === 'refresh_token') {
    const refreshToken = field('refresh_token');
    if (!refreshToken) throw new SopGatewayError('isv.missing-refresh-token', 'biz_content.refresh_token is required');
    return { grant_type: grantType, refresh_token: refreshToken };
  }
  throw new SopGatewayError('isv.invalid-grant-type', 'grant_type must be authorization_code or refresh_token');
}
