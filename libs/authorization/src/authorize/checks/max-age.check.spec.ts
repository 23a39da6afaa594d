import { InvalidRequestError } from '@app/common';
import { checkMaxAge, parseMaxAge } from './max-age.check';
import { fakeContext } from './test-context';

describe(checkMaxAge.name, () => {
  it('accepts a non-negative integer or nothing', () => {
    expect(() => checkMaxAge(fakeContext({ maxAge: '0' }))).not.toThrow();
    expect(() => checkMaxAge(fakeContext({ maxAge: '3600' }))).not.toThrow();
    expect(() => checkMaxAge(fakeContext({}))).not.toThrow();
    expect(parseMaxAge('3600')).toBe(3600);
  });

  it.each(['-1', '1.5', 'abc', '1e3', '9999999999'])('refuses %s with invalid_request', (maxAge) => {
    expect(() => checkMaxAge(fakeContext({ maxAge }))).toThrow(InvalidRequestError);
  });
});
