import { InvalidClientRedirectError } from '@app/common';
import { checkClient } from './client.check';
import { fakeClient, fakeContext } from './test-context';

describe(checkClient.name, () => {
  it('accepts an approved channel and records it', () => {
    const ctx = fakeContext({}, { verified: false });
    checkClient(ctx);
    expect(ctx.client?.clientId).toBe('client-1');
  });

  it.each([
    ['missing', fakeContext({ clientId: undefined }, { verified: false })],
    ['unknown', fakeContext({ clientId: 'nope' }, { client: null, verified: false })],
    ['a different channel than asked', fakeContext({ clientId: 'other' }, { verified: false })],
  ])('refuses a %s client_id on the error page (never a redirect)', (_case, ctx) => {
    expect(() => checkClient(ctx)).toThrow(InvalidClientRedirectError);
    try { checkClient(ctx); } catch (err) {
      expect((err as InvalidClientRedirectError).redirectable).toBe(false);
      expect((err as InvalidClientRedirectError).error).toBe('invalid_request');
    }
  });

  it.each(['pending', 'rejected', 'suspended'] as const)('refuses a %s channel without redirecting', (status) => {
    const ctx = fakeContext({}, { client: fakeClient({ status }), verified: false });
    expect(() => checkClient(ctx)).toThrow(InvalidClientRedirectError);
    expect(ctx.client).toBeUndefined();
  });

  it('issue 14 #5: a route that requires a signature key (seed 003) refuses a channel without one, on the error page', () => {
    const without = fakeContext({}, { profile: { requireSignatureKey: true }, verified: false });
    expect(() => checkClient(without)).toThrow(/sop_public_key/);
    const withKey = fakeContext({}, { client: fakeClient({ sopPublicKey: '-----BEGIN PUBLIC KEY-----' }), profile: { requireSignatureKey: true }, verified: false });
    checkClient(withKey);
    expect(withKey.client?.clientId).toBe('client-1');
  });
});
