import { Injectable } from '@nestjs/common';
import type { SessionView } from '@app/accounts';
import type { HttpRequest } from '@app/common';
import { BrowserSessions } from '../../sessions/browser-sessions.service';

/** How long a passkey challenge may be answered (the browser's own timeout is 120 s). */
export const PASSKEY_CHALLENGE_SECONDS = 180;

/** What a challenge was made for: one kind's challenge never answers another. */
export type PasskeyPurpose = 'register' | 'second-factor' | 'sign-in';

interface StoredChallenge {
  challenge: string;
  purpose: PasskeyPurpose;
  at: string;
}

/**
 * WebAuthn challenges (W3C WebAuthn §13.4.3) kept in the browser session's data: bound to the
 * session that asked, answered once (taken out of the session before the answer is checked, right
 * or wrong, with a conditional UPDATE so that of two answers racing one only gets it), for one
 * purpose, within PASSKEY_CHALLENGE_SECONDS. A new ceremony replaces the old one.
 */
@Injectable()
export class PasskeyChallenges {
  constructor(private readonly sessions: BrowserSessions) {}

  async issue(req: HttpRequest, session: SessionView, purpose: PasskeyPurpose, challenge: string): Promise<void> {
    const stored: StoredChallenge = { challenge, purpose, at: new Date().toISOString() };
    await this.sessions.updateData(req, session, { ...session.data, passkeyChallenge: stored });
  }

  /** The challenge for `purpose`, removed from the session; null when none, expired or for another purpose. */
  async take(req: HttpRequest, session: SessionView, purpose: PasskeyPurpose, now = Date.now()): Promise<string | null> {
    const stored = session.data.passkeyChallenge as StoredChallenge | undefined;
    if (!stored) return null;
    const { passkeyChallenge: _gone, ...rest } = session.data;
    // Conditional: of two answers racing for the same challenge, only one takes it.
    if (!(await this.sessions.replaceData(req, session, rest))) return null;
    if (stored.purpose !== purpose || typeof stored.challenge !== 'string') return null;
    if (now - Date.parse(stored.at) > PASSKEY_CHALLENGE_SECONDS * 1000) return null;
    return stored.challenge;
  }
}
