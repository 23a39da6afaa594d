import { Controller, ExecutionContext, Get } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { InvalidTokenError } from '@app/common';
import type { AccessTokenValidator, ValidatedAccessToken } from '@app/tokens';
import { AcceptQueryAccessToken, BearerGuard } from './bearer.guard';

@Controller()
class Routes {
  @Get() headerOnly(): void {}
  @Get() @AcceptQueryAccessToken() withQuery(): void {}
}

const valid: ValidatedAccessToken = { tokenId: 't', clientId: 'c', userId: 'u', scopes: ['profile'], scopeRequested: true, expiresAt: null, grantId: 'g' };
const validator = { validate: async (token: string) => (token === 'gha_good' ? valid : null) } as unknown as AccessTokenValidator;

function context(handler: keyof Routes, request: Record<string, unknown>): ExecutionContext {
  return {
    getHandler: () => Routes.prototype[handler],
    getClass: () => Routes,
    switchToHttp: () => ({ getRequest: () => request }),
  } as unknown as ExecutionContext;
}

describe(BearerGuard.name, () => {
  const guard = new BearerGuard(validator, new Reflector());

  it('attaches the validated token to the request', async () => {
    const request: Record<string, unknown> = { headers: { authorization: 'Bearer gha_good' }, query: {} };
    await expect(guard.canActivate(context('headerOnly', request))).resolves.toBe(true);
    expect(request.accessToken).toBe(valid);
  });

  it('answers invalid_token without a token and for a bad one', async () => {
    const missing = await guard.canActivate(context('headerOnly', { headers: {}, query: {} })).catch((e) => e);
    expect(missing).toBeInstanceOf(InvalidTokenError);
    expect(missing.headers['WWW-Authenticate']).toMatch(/^Bearer realm="gatehouse", error="invalid_token"/);
    const bad = await guard.canActivate(context('headerOnly', { headers: { authorization: 'Bearer gha_bad' }, query: {} })).catch((e) => e);
    expect(bad.headers['WWW-Authenticate']).toContain('error="invalid_token"');
  });

  it('#38 accepts ?access_token= only on routes marked with AcceptQueryAccessToken', async () => {
    const query = { headers: {}, query: { access_token: 'gha_good' } };
    await expect(guard.canActivate(context('headerOnly', { ...query }))).rejects.toBeInstanceOf(InvalidTokenError);
    await expect(guard.canActivate(context('withQuery', { ...query }))).resolves.toBe(true);
  });
});
