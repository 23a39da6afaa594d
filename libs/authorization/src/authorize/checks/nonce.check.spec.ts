import { InvalidRequestError } from '@app/common';
import { checkNonce, MAX_NONCE_LENGTH } from './nonce.check';
import { fakeContext } from './test-context';

describe(checkNonce.name, () => {
  it('accepts an absent or bounded nonce', () => {
    expect(() => checkNonce(fakeContext({}))).not.toThrow();
    expect(() => checkNonce(fakeContext({ nonce: 'n'.repeat(MAX_NONCE_LENGTH) }))).not.toThrow();
  });

  it('refuses a nonce longer than the code can keep', () => {
    expect(() => checkNonce(fakeContext({ nonce: 'n'.repeat(MAX_NONCE_LENGTH + 1) }))).toThrow(InvalidRequestError);
  });
});
