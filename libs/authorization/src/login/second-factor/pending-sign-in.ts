import type { SessionView } from '@app/accounts';

/** How long the second step may take after the password (then the sign-in starts again). */
export const PENDING_SIGN_IN_SECONDS = 300;

/**
 * A sign-in half done: the password was right, the second factor is still to come. It lives in
 * the session's data and NOT as the session's user, so nothing that asks "who is signed in"
 * (consent, account pages, the console) ever sees a half-signed-in user (DESIGN-NEXT §2.1).
 */
export interface PendingSignIn {
  userId: string;
  /** RFC 8176 methods so far (`pwd`). */
  amr: string[];
  /** Where to go once signed in: a relative path of this server. */
  returnTo: string;
  /** A signed-in user asked for more (acr_values=mfa): the session keeps its user meanwhile. */
  stepUp: boolean;
  at: string;
}

export function pendingSignIn(session: SessionView | null, now = Date.now()): PendingSignIn | null {
  const pending = session?.data.pendingSignIn as PendingSignIn | undefined;
  if (!pending || typeof pending.userId !== 'string') return null;
  if (now - Date.parse(pending.at) > PENDING_SIGN_IN_SECONDS * 1000) return null;
  return pending;
}

export function withoutPending(data: Record<string, unknown>): Record<string, unknown> {
  const { pendingSignIn: _gone, ...rest } = data;
  return rest;
}
