import type { SessionView } from '@app/accounts';
import { assertCsrf, CsrfError } from './csrf';

const session = { id: 's', kind: 'browser', userId: null, csrfToken: 'token-123', authTime: null, data: {}, expiresAt: new Date() } as SessionView;

describe(assertCsrf.name, () => {
  it('passes the exact token of the session', () => {
    expect(() => assertCsrf(session, 'token-123')).not.toThrow();
  });

  it.each([
    ['no session', null, 'token-123'],
    ['no token', session, undefined],
    ['an empty token', session, ''],
    ['a different token', session, 'token-124'],
    ['a prefix', session, 'token-12'],
    ['an array', session, ['token-123']],
  ])('refuses %s with a 403 CsrfError', (_case, s, token) => {
    expect(() => assertCsrf(s as SessionView | null, token)).toThrow(CsrfError);
    try { assertCsrf(s as SessionView | null, token); } catch (err) {
      expect((err as CsrfError).status).toBe(403);
    }
  });
});
