import { constantTimeEqual, ForbiddenError } from '@app/common';
import type { SessionView } from '@app/accounts';

/** A form post that did not come from a page this server rendered for this session. */
export class CsrfError extends ForbiddenError {
  constructor() {
    super('This form has expired or did not come from this site. Go back, reload the page and try again.');
  }
}

/**
 * Synchronizer-token CSRF defence (OWASP; RFC 6749 §10.12 for the consent form): every POST
 * carries the session's token in `_csrf`, compared in constant time. No session, no pass.
 */
export function assertCsrf(session: SessionView | null, token: unknown): asserts session is SessionView {
  if (!session || typeof token !== 'string' || token.length === 0 || !constantTimeEqual(token, session.csrfToken)) {
    throw new CsrfError();
  }
}
