import type { SessionView } from '@app/accounts';
import type { HttpRequest } from '@app/common';
import type { BrowserSessions } from '../../sessions/browser-sessions.service';
import { PASSKEY_CHALLENGE_SECONDS, PasskeyChallenges } from './passkey-challenges';

/** A session store of one session, as BrowserSessions.updateData keeps it. */
function fixture() {
  let session = { id: 's1', data: { keep: 'me' } } as unknown as SessionView;
  const sessions = {
    updateData: async (_req: HttpRequest, _s: SessionView, data: Record<string, unknown>) => { session = { ...session, data }; },
    replaceData: async (_req: HttpRequest, s: SessionView, data: Record<string, unknown>) => {
      if (JSON.stringify(s.data) !== JSON.stringify(session.data)) return false;
      session = { ...session, data };
      return true;
    },
  };
  const challenges = new PasskeyChallenges(sessions as unknown as BrowserSessions);
  const req = {} as HttpRequest;
  return { challenges, req, current: () => session };
}

describe('PasskeyChallenges', () => {
  it('answers once, for its purpose only, and keeps the rest of the session data', async () => {
    const { challenges, req, current } = fixture();
    await challenges.issue(req, current(), 'register', 'c1');
    expect(await challenges.take(req, current(), 'sign-in')).toBeNull(); // another purpose: refused, and gone
    expect(await challenges.take(req, current(), 'register')).toBeNull();
    await challenges.issue(req, current(), 'register', 'c2');
    expect(await challenges.take(req, current(), 'register')).toBe('c2');
    expect(await challenges.take(req, current(), 'register')).toBeNull();
    expect(current().data).toEqual({ keep: 'me' });
  });

  it('of two answers holding the same session state, only the first takes the challenge', async () => {
    const { challenges, req, current } = fixture();
    await challenges.issue(req, current(), 'sign-in', 'c1');
    const seen = current();
    expect(await challenges.take(req, seen, 'sign-in')).toBe('c1');
    expect(await challenges.take(req, seen, 'sign-in')).toBeNull();
  });

  it(`expires after ${PASSKEY_CHALLENGE_SECONDS} seconds; a new ceremony replaces the old challenge`, async () => {
    const { challenges, req, current } = fixture();
    await challenges.issue(req, current(), 'second-factor', 'old');
    await challenges.issue(req, current(), 'second-factor', 'new');
    const issuedAt = Date.parse((current().data.passkeyChallenge as { at: string }).at);
    expect(await challenges.take(req, current(), 'second-factor', issuedAt + PASSKEY_CHALLENGE_SECONDS * 1000 + 1)).toBeNull();
    await challenges.issue(req, current(), 'second-factor', 'new');
    const at = Date.parse((current().data.passkeyChallenge as { at: string }).at);
    expect(await challenges.take(req, current(), 'second-factor', at + PASSKEY_CHALLENGE_SECONDS * 1000)).toBe('new');
  });
});
