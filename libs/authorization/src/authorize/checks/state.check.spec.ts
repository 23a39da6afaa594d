import { InvalidRequestError } from '@app/common';
import { checkState, MAX_STATE_LENGTH } from './state.check';
import { fakeContext } from './test-context';

describe(checkState.name, () => {
  it('makes state optional by default and accepts any value', () => {
    expect(() => checkState(fakeContext({}))).not.toThrow();
    expect(() => checkState(fakeContext({ state: 'a b/c?d=é' }))).not.toThrow();
  });

  it('requires state when the dialect says so (seed 001)', () => {
    expect(() => checkState(fakeContext({}, { profile: { requireState: true } }))).toThrow(InvalidRequestError);
    expect(() => checkState(fakeContext({ state: 'x' }, { profile: { requireState: true } }))).not.toThrow();
  });

  it('bounds its length', () => {
    expect(() => checkState(fakeContext({ state: 'x'.repeat(MAX_STATE_LENGTH) }))).not.toThrow();
    expect(() => checkState(fakeContext({ state: 'x'.repeat(MAX_STATE_LENGTH + 1) }))).toThrow(InvalidRequestError);
  });
});
