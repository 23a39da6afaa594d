import { InvalidRequestError } from '@app/common';
import { checkParameters } from './parameters.check';
import { fakeContext } from './test-context';

describe(checkParameters.name, () => {
  it('passes when nothing was repeated', () => {
    expect(() => checkParameters(fakeContext({ repeated: [] }))).not.toThrow();
    expect(() => checkParameters(fakeContext({}))).not.toThrow();
  });

  it('refuses repeated parameters with a redirectable invalid_request naming them', () => {
    const run = () => checkParameters(fakeContext({ repeated: ['scope', 'state'] }));
    expect(run).toThrow(InvalidRequestError);
    expect(run).toThrow('scope, state');
  });
});
