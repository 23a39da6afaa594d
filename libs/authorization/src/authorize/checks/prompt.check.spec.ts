import { InvalidRequestError } from '@app/common';
import { checkPrompt } from './prompt.check';
import { fakeContext } from './test-context';

describe(checkPrompt.name, () => {
  it.each(['none', 'login', 'consent'])('accepts %p', (prompt) => {
    const ctx = fakeContext({ prompt });
    checkPrompt(ctx);
    expect(ctx.prompt).toBe(prompt);
  });

  it('is optional', () => {
    const ctx = fakeContext({});
    checkPrompt(ctx);
    expect(ctx.prompt).toBeUndefined();
  });

  it.each(['select_account', 'login consent', 'NONE', 'x'])('refuses %p with invalid_request', (prompt) => {
    expect(() => checkPrompt(fakeContext({ prompt }))).toThrow(InvalidRequestError);
  });
});
