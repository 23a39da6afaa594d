import { ValidationError } from '@app/common';

/**
 * A user id: our UUID, or the id an imported user had on its platform. 1-64 printable characters
 * (no control characters), without leading or trailing white space: MySQL compares with trailing
 * spaces ignored, so "a" and "a " would be one user there and two on SQLite.
 */
export const USER_ID_MAX = 64;
const USER_ID_PATTERN = /^[^\p{C}\s](?:[^\p{C}]*[^\p{C}\s])?$/u;

export function isUserId(value: unknown): value is string {
  return typeof value === 'string' && value.length <= USER_ID_MAX * 2 && [...value].length <= USER_ID_MAX
    && USER_ID_PATTERN.test(value);
}

export function validateUserId(value: unknown, field = 'user_id'): asserts value is string {
  if (!isUserId(value)) {
    throw new ValidationError(field, `must be 1-${USER_ID_MAX} printable characters without leading or trailing spaces`);
  }
}
