import { InvalidRequestError } from '@app/common';
import { checkPkce } from './pkce.check';
import { fakeClient, fakeContext, S256_CHALLENGE } from './test-context';

describe(checkPkce.name, () => {
  it('accepts an S256 challenge and records it', () => {
    const ctx = fakeContext({ codeChallenge: S256_CHALLENGE, codeChallengeMethod: 'S256' });
    checkPkce(ctx);
    expect(ctx.codeChallenge).toBe(S256_CHALLENGE);
  });

  it('lets a confidential channel without require_pkce omit PKCE', () => {
    const ctx = fakeContext({});
    checkPkce(ctx);
    expect(ctx.codeChallenge).toBeNull();
  });

  it('#13 requires a challenge from public clients', () => {
    const client = fakeClient({ isPublic: true, authMethod: 'none', requirePkce: true });
    expect(() => checkPkce(fakeContext({}, { client }))).toThrow(InvalidRequestError);
  });

  it('#13 requires a challenge from channels with require_pkce', () => {
    expect(() => checkPkce(fakeContext({}, { client: fakeClient({ requirePkce: true }) }))).toThrow('code_challenge is required');
  });

  it('#14 refuses plain', () => {
    expect(() => checkPkce(fakeContext({ codeChallenge: S256_CHALLENGE, codeChallengeMethod: 'plain' }))).toThrow(InvalidRequestError);
  });

  it('#14 refuses a challenge without a method (which means plain)', () => {
    expect(() => checkPkce(fakeContext({ codeChallenge: S256_CHALLENGE }))).toThrow('code_challenge_method is required');
  });

  it('refuses a method without a challenge', () => {
    expect(() => checkPkce(fakeContext({ codeChallengeMethod: 'S256' }))).toThrow(InvalidRequestError);
  });

  it.each(['s256', 'SHA256', 'S512'])('refuses the method %p', (method) => {
    expect(() => checkPkce(fakeContext({ codeChallenge: S256_CHALLENGE, codeChallengeMethod: method }))).toThrow(InvalidRequestError);
  });

  it.each([
    ['too short', 'a'.repeat(42)],
    ['too long', 'a'.repeat(129)],
    ['not base64url', `${'a'.repeat(42)}+`],
    ['padded', `${'a'.repeat(43)}=`],
  ])('refuses a challenge that is %s', (_why, challenge) => {
    expect(() => checkPkce(fakeContext({ codeChallenge: challenge, codeChallengeMethod: 'S256' }))).toThrow('43-128 characters');
  });

  it('accepts the bounds 43 and 128', () => {
    expect(() => checkPkce(fakeContext({ codeChallenge: 'a'.repeat(43), codeChallengeMethod: 'S256' }))).not.toThrow();
    expect(() => checkPkce(fakeContext({ codeChallenge: 'a'.repeat(128), codeChallengeMethod: 'S256' }))).not.toThrow();
  });
});
