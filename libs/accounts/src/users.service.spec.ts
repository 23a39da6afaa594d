import { ValidationError } from '@app/common';
import { validatePassword, validateUsername } from './users.service';

describe(validateUsername.name, () => {
  it.each(['abc', 'alice.liu', 'a_b-c@example.com', 'A'.repeat(64)])('accepts %s', (name) => {
    expect(() => validateUsername(name)).not.toThrow();
  });

  it.each(['ab', 'has space', 'tab\tname', 'ünïcode', 'x'.repeat(65), '', 42, null])('refuses %p, naming the field', (name) => {
    expect(() => validateUsername(name)).toThrow(ValidationError);
    expect(() => validateUsername(name)).toThrow(/^username: /);
  });
});

describe(validatePassword.name, () => {
  it('accepts 8 to 256 characters', () => {
    expect(() => validatePassword('12345678')).not.toThrow();
    expect(() => validatePassword('p'.repeat(256))).not.toThrow();
  });

  it.each(['1234567', 'p'.repeat(257), undefined, 12345678])('refuses %p, naming the field', (password) => {
    expect(() => validatePassword(password)).toThrow('password: must be 8-256 characters');
  });
});
