import type { SessionView } from '@app/accounts';
import { PENDING_SIGN_IN_SECONDS, pendingSignIn, withoutPending } from './pending-sign-in';

const session = (data: Record<string, unknown>) => ({ data }) as unknown as SessionView;
const pending = (at: number) => ({ userId: 'u1', amr: ['pwd'], returnTo: '/', stepUp: false, at: new Date(at).toISOString() });

describe('pendingSignIn', () => {
  it('is the half-done sign-in while it is fresh, and nothing once it expired', () => {
    const s = session({ pendingSignIn: pending(1_000_000) });
    expect(pendingSignIn(s, 1_000_000 + PENDING_SIGN_IN_SECONDS * 1000)?.userId).toBe('u1');
    expect(pendingSignIn(s, 1_000_001 + PENDING_SIGN_IN_SECONDS * 1000)).toBeNull();
  });

  it('is nothing without a session or a well-formed record; withoutPending drops only it', () => {
    expect(pendingSignIn(null)).toBeNull();
    expect(pendingSignIn(session({ pendingSignIn: { userId: 42 } }))).toBeNull();
    expect(withoutPending({ pendingSignIn: pending(0), freshLogin: 'x' })).toEqual({ freshLogin: 'x' });
  });
});
