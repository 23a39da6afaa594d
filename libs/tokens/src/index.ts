export * from './tokens.module';
export * from './token.service';
export * from './token-result';
export * from './token-statistics';
export { AccessTokenValidator } from './validation/access-token-validator';
export type { ValidatedAccessToken } from './validation/access-token-validator';
export { TokenResponseDto } from './http/token-response.dto';
export { readOAuthForm } from './http/oauth-form';
