import { SopGatewayError } from './sop-gateway-error';
import { checkCommonParams, readBizContent } from './sop-request';

const subCode = (fn: () => unknown): string | undefined => {
  try { fn(); } catch (err) { return (err as SopGatewayError).body.sub_code; }
  return undefined;
};

describe('seed 003 gateway request checks', () => {
  const valid = { app_id: '1', method: 'open.auth.token.app', sign_type: 'RSA2', sign: 's', timestamp: 't', version: '1.0', biz_content: '{}' };

  it(`${checkCommonParams.name} names the first missing or unsupported parameter`, () => {
    expect(subCode(() => checkCommonParams(valid))).toBeUndefined();
    expect(subCode(() => checkCommonParams({ ...valid, method: '' }))).toBe('isv.missing-method');
    expect(subCode(() => checkCommonParams({ ...valid, sign: '' }))).toBe('isv.missing-signature');
    expect(subCode(() => checkCommonParams({ ...valid, method: 'other' }))).toBe('isv.invalid-method');
    expect(subCode(() => checkCommonParams({ ...valid, format: 'xml' }))).toBe('isv.invalid-format');
    expect(subCode(() => checkCommonParams({ ...valid, version: '2.0' }))).toBe('isv.invalid-version');
  });

  it(`${readBizContent.name} reads either grant and refuses anything else`, () => {
    expect(readBizContent('{"grant_type":"authorization_code","code":"c"}')).toEqual({ grant_type: 'authorization_code', code: 'c' });
    expect(readBizContent('{"grant_type":"refresh_token","refresh_token":"r"}')).toEqual({ grant_type: 'refresh_token', refresh_token: 'r' });
    expect(subCode(() => readBizContent('[]'))).toBe('isv.invalid-biz-content');
    expect(subCode(() => readBizContent('{"grant_type":"authorization_code","code":1}'))).toBe('isv.invalid-biz-content');
    expect(subCode(() => readBizContent('{"grant_type":"password"}'))).toBe('isv.invalid-grant-type');
    expect(subCode(() => readBizContent('{"grant_type":"refresh_token"}'))).toBe('isv.missing-refresh-token');
  });
});
