import type { TokenResult, ValidatedAccessToken } from '@app/tokens';
import { mallEnvelope, mallOpenIdResult, mallTokenView, mallUserInfo } from './mall.mapper';

describe('mall mapper', () => {
  const result: TokenResult = {
    accessToken: 'gha_a', tokenType: 'Bearer', expiresIn: 3600, refreshToken: 'ghr_r', refreshExpiresIn: 100, scope: ['user_id_read', 'profile'],
    scopeRequested: false, userId: 'u', clientId: 'c', grantId: 'g',
  };

  it('answers scope null when the authorization request carried none, the string otherwise', () => {
    expect(mallTokenView(result, 'oid')).toEqual({ access_token: 'gha_a', token_type: 'Bearer', expires_in: 3600, refresh_token: 'ghr_r', scope: null, openid: 'oid' });
    expect(mallTokenView({ ...result, scopeRequested: true })).toEqual({ access_token: 'gha_a', token_type: 'Bearer', expires_in: 3600, refresh_token: 'ghr_r', scope: 'user_id_read profile' });
  });

  it('wraps results in the document envelope; expires in Unix seconds, -1 when never', () => {
    const token: ValidatedAccessToken = { tokenId: 't', clientId: 'c', userId: 'u', scopes: ['profile'], scopeRequested: false, expiresAt: new Date(1536083506_900), grantId: 'g' };
    expect(mallEnvelope(mallOpenIdResult('gha_a', token, 'oid'))).toEqual({
      status: 1, msg: '操作成功!', result: { access_token: 'gha_a', client_id: 'c', expires: 1536083506, scope: null, open_id: 'oid' },
    });
    expect(mallOpenIdResult('gha_a', { ...token, expiresAt: null, scopeRequested: true }, 'oid')).toMatchObject({ expires: -1, scope: 'profile' });
  });

  it('seller_name: the attribute, else the display name, else the username; other attributes follow', () => {
    expect(mallUserInfo({ username: 'alice', display_name: 'Alice', attributes: { seller_name: 'Shop', tier: 'gold' } })).toEqual({ seller_name: 'Shop', tier: 'gold' });
    expect(Object.keys(mallUserInfo({ username: 'alice', display_name: null, attributes: { tier: 'gold', seller_name: 'Shop' } }))).toEqual(['seller_name', 'tier']);
    expect(mallUserInfo({ username: 'alice', display_name: 'Alice', attributes: { tier: 'gold' } })).toEqual({ seller_name: 'Alice', tier: 'gold' });
    expect(mallUserInfo({ username: 'alice', display_name: null, attributes: { seller_name: '' } })).toEqual({ seller_name: 'alice' });
  });
});
