import type { UserView } from '../user.view';

/**
 * Who checks a username and password (DESIGN-NEXT §2.2): Gatehouse itself, or the platform's
 * signed webhook (LOGIN_MODE=verify). The login page, the admin console and passport's local
 * strategy are the same in both cases; only the verifier bound to PASSWORD_VERIFIER changes.
 */
export type VerifyOutcome =
  | { outcome: 'valid'; user: UserView }
  /** Unknown user, wrong password, disabled account: one answer (and one throttle count). */
  | { outcome: 'invalid' }
  /** Nobody could say (the platform is down, slow or answered nonsense): not the user's fault. */
  | { outcome: 'unavailable'; reason: string };

export interface PasswordVerifier {
  verify(username: string, password: string): Promise<VerifyOutcome>;
}

export const PASSWORD_VERIFIER = Symbol('PASSWORD_VERIFIER');

/** Thrown through passport when the verifier is unavailable, so that the caller answers 503 instead of "wrong password". */
export class SignInUnavailableError extends Error {
  constructor(readonly reason: string) {
    super(`sign-in is unavailable: ${reason}`);
    this.name = 'SignInUnavailableError';
  }
}
