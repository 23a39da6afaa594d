import { liuyuanTokenParams } from './liuyuan.mapper';

describe('seed 001 token body', () => {
  it(`${liuyuanTokenParams.name} reads the document's body without the "&" before client_id`, () => {
    expect(liuyuanTokenParams({ grant_type: 'authorization_code', code: 'ghc_abcclient_id=42' })).toEqual({ grant_type: 'authorization_code', code: 'ghc_abc', client_id: '42' });
    expect(liuyuanTokenParams({ code: 'ghc_abc', client_id: '42' })).toEqual({ code: 'ghc_abc', client_id: '42' });
    expect(liuyuanTokenParams({ code: 'client_id=42' })).toEqual({ code: 'client_id=42' });
  });
});
