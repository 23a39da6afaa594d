import { ValidationError } from '@app/common';
import { isUserId, validateUserId } from './user-id';

describe('user ids', () => {
  it.each([
    '6f1c3c1e-0d7a-4a4e-9d55-2b1f0f2f8a10', '1', '10293847', 'x'.repeat(64), 'auth0|5f7c8ec7c33c6c004bbafe82',
    'user 42', 'ユーザー', '用'.repeat(64),
  ])('accepts %p', (id) => {
    expect(isUserId(id)).toBe(true);
    expect(() => validateUserId(id)).not.toThrow();
  });

  it.each(['', 'x'.repeat(65), '用'.repeat(65), ' lead', 'trail ', 'tab\tid', 'new\nline', 'nul\u0000', 42, null, undefined])(
    'refuses %p, naming the field', (id) => {
      expect(isUserId(id)).toBe(false);
      expect(() => validateUserId(id)).toThrow(ValidationError);
      expect(() => validateUserId(id)).toThrow(/^user_id: /);
    },
  );
});
