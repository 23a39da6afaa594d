import { LoginRequiredError } from '@app/common';
import type { SignedIn } from '../../sessions/browser-sessions.service';
import { SignInPolicy } from './sign-in-policy';
import type { SignInContext, SignInStep, StepOutcome } from './sign-in-step';

const alice = { user: { id: 'u1' }, session: { id: 's1' } } as unknown as SignedIn;

function step(name: string, outcome: StepOutcome, seen: string[]): SignInStep {
  return { name, evaluate: async () => { seen.push(name); return outcome; } };
}

function ctx(prompt?: string): SignInContext {
  return { request: { prompt } } as unknown as SignInContext;
}

describe(SignInPolicy.name, () => {
  it('returns the user when every step is satisfied, evaluating them in order', async () => {
    const seen: string[] = [];
    const policy = new SignInPolicy([step('a', { kind: 'satisfied', signedIn: alice }, seen), step('b', { kind: 'satisfied', signedIn: alice }, seen)]);
    await expect(policy.run(ctx())).resolves.toBe(alice);
    expect(seen).toEqual(['a', 'b']);
  });

  it('lets the first unsatisfied step interact and stops there', async () => {
    const seen: string[] = [];
    const send = jest.fn(async () => undefined);
    const policy = new SignInPolicy([
      step('a', { kind: 'satisfied', signedIn: alice }, seen),
      step('b', { kind: 'interact', reason: 'needs b', send }, seen),
      step('c', { kind: 'satisfied', signedIn: alice }, seen),
    ]);
    await expect(policy.run(ctx())).resolves.toBeNull();
    expect(send).toHaveBeenCalledTimes(1);
    expect(seen).toEqual(['a', 'b']);
  });

  it('prompt=none turns an interaction into login_required without sending anything', async () => {
    const send = jest.fn(async () => undefined);
    const policy = new SignInPolicy([step('a', { kind: 'interact', reason: 'The user is not signed in', send }, [])]);
    await expect(policy.run(ctx('none'))).rejects.toThrow(LoginRequiredError);
    expect(send).not.toHaveBeenCalled();
  });

  it('a failed step fails the request', async () => {
    const error = new LoginRequiredError('no');
    const policy = new SignInPolicy([step('a', { kind: 'failed', error }, [])]);
    await expect(policy.run(ctx())).rejects.toBe(error);
  });
});
