import { InvalidScopeError } from '@app/common';
import { assertScopesWithin, parseScopeParam } from './scope-param';

describe(parseScopeParam.name, () => {
  it('splits, deduplicates and treats an empty value as omitted', () => {
    expect(parseScopeParam('profile  user_id_read profile')).toEqual(['profile', 'user_id_read']);
    expect(parseScopeParam(undefined)).toBeUndefined();
    expect(parseScopeParam('   ')).toBeUndefined();
  });

  it.each(['pro"file', 'a\\b', 'tab\there', 'ü'])('refuses the malformed scope %p', (scope) => {
    expect(() => parseScopeParam(scope)).toThrow(InvalidScopeError);
  });
});

describe(assertScopesWithin.name, () => {
  it('accepts a subset and refuses anything more', () => {
    expect(() => assertScopesWithin(['a'], ['a', 'b'], 'x')).not.toThrow();
    expect(() => assertScopesWithin(['a', 'c'], ['a', 'b'], 'the grant')).toThrow('scope "c" exceeds the grant');
  });
});
