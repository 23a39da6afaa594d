import { InvalidScopeError } from '@app/common';
import { checkScope } from './scope.check';
import { fakeClient, fakeContext } from './test-context';

describe(checkScope.name, () => {
  it("defaults to the channel's scopes when scope is omitted", () => {
    const ctx = fakeContext({});
    checkScope(ctx);
    expect(ctx.scopes).toEqual(['user_id_read', 'profile']);
    expect(ctx.scopeRequested).toBe(false);
  });

  it('keeps the requested scopes, once each', () => {
    const ctx = fakeContext({ scope: 'profile  profile user_id_read' });
    checkScope(ctx);
    expect(ctx.scopes).toEqual(['profile', 'user_id_read']);
    expect(ctx.scopeRequested).toBe(true);
  });

  it("splits on the dialect's separator", () => {
    const ctx = fakeContext({ scope: 'profile,user_id_read', scopeSeparator: ',' });
    checkScope(ctx);
    expect(ctx.scopes).toEqual(['profile', 'user_id_read']);
  });

  it('#3 refuses a scope nobody defined', () => {
    expect(() => checkScope(fakeContext({ scope: 'profile admin' }))).toThrow(InvalidScopeError);
    expect(() => checkScope(fakeContext({ scope: 'profile admin' }))).toThrow('admin');
  });

  it('refuses a known scope the channel was not approved for', () => {
    const ctx = fakeContext({ scope: 'snsapi_login' }, { client: fakeClient({ scopes: ['profile'] }) });
    expect(() => checkScope(ctx)).toThrow(InvalidScopeError);
  });

  it('does not reflect unsafe characters in the description', () => {
    try {
      checkScope(fakeContext({ scope: '"<script>\\' }));
      fail('expected invalid_scope');
    } catch (err) {
      expect((err as InvalidScopeError).description).not.toMatch(/["\\]/);
    }
  });
});
