import { DomainError } from '@app/common';

/**
 * The browser came back from the platform with a verifier that cannot finish a sign-in: the
 * error page asks the user to go back to the application and start again (never a 500, never
 * a sign-in in the wrong browser).
 */
export class StartAgainError extends DomainError {
  readonly code = 'login_request_invalid';
  private constructor(readonly status: number, message: string) {
    super(message);
  }

  static unknown(): StartAgainError {
    return new StartAgainError(400, 'This sign-in link is not valid. Go back to the application and sign in again.');
  }

  static used(): StartAgainError {
    return new StartAgainError(400, 'This sign-in link was already used. Go back to the application and sign in again.');
  }

  static expired(): StartAgainError {
    return new StartAgainError(400, 'This sign-in took too long and has expired. Go back to the application and sign in again.');
  }

  static otherBrowser(): StartAgainError {
    return new StartAgainError(403, 'This sign-in was started in another browser. Go back to the application and sign in again here.');
  }
}
