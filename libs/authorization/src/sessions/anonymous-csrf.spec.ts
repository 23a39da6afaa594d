import { AnonymousCsrf } from './anonymous-csrf';

describe(AnonymousCsrf.name, () => {
  const csrf = new AnonymousCsrf('secret-one-0123456789abcdef0123456789', 3600);

  it('#7 accepts its own token submitted twice (cookie and form)', () => {
    const token = csrf.issue();
    expect(token).toMatch(/^[A-Za-z0-9_-]{72}$/);
    expect(csrf.verify(token, token)).toBe(true);
  });

  it('#7 refuses a form value that differs from the cookie, a missing one, a forged or foreign token', () => {
    const token = csrf.issue();
    expect(csrf.verify(token, csrf.issue())).toBe(false);
    expect(csrf.verify(token, '')).toBe(false);
    expect(csrf.verify(undefined, token)).toBe(false);
    const flipped = token.slice(0, 10) + (token[10] === 'A' ? 'B' : 'A') + token.slice(11);
    expect(csrf.verify(flipped, flipped)).toBe(false);
    const other = new AnonymousCsrf('secret-two-0123456789abcdef0123456789', 3600).issue();
    expect(csrf.verify(other, other)).toBe(false);
    expect(csrf.verify('made-up', 'made-up')).toBe(false);
  });

  it('#7 refuses a token older than the TTL', () => {
    const now = Date.now();
    const token = csrf.issue(now - 3601_000);
    expect(csrf.verify(token, token, now)).toBe(false);
    expect(csrf.age(csrf.issue(now - 10_000), now)).toBe(10);
  });
});
