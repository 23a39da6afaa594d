export * from './resource.module';
export { AcceptQueryAccessToken, BearerGuard, CurrentAccessToken } from './bearer/bearer.guard';
export { BEARER_REALM, bearerChallenge, insufficientScopeError, invalidTokenError, missingTokenError } from './bearer/bearer-errors';
export { presentedBearer } from './bearer/bearer-token';
export type { PresentedBearer } from './bearer/bearer-token';
export { MeView } from './me/me.view';
