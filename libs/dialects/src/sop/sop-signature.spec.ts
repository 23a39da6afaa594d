import { generateKeyPairSync } from 'node:crypto';
import { signContent, signRsa2, verifyRsa2 } from './sop-signature';

describe('seed 003 RSA2 signatures', () => {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  const other = generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });

  it(`${signContent.name} sorts by name, skips sign and empty values`, () => {
    expect(signContent({ method: 'open.auth.token.app', app_id: '2019', sign: 'x', charset: 'utf-8', format: '', biz_content: '{"a":1}' }))
      .toBe('app_id=2019&biz_content={"a":1}&charset=utf-8&method=open.auth.token.app');
  });

  it('verifies what the matching private key signed, and nothing else', () => {
    const content = 'app_id=1&method=m';
    const sign = signRsa2(content, privateKey);
    expect(verifyRsa2(content, sign, publicKey)).toBe(true);
    expect(verifyRsa2(`${content}x`, sign, publicKey)).toBe(false);
    expect(verifyRsa2(content, sign, other.publicKey)).toBe(false);
    expect(verifyRsa2(content, 'not base64 !!', publicKey)).toBe(false);
    expect(verifyRsa2(content, '', publicKey)).toBe(false);
  });
});
