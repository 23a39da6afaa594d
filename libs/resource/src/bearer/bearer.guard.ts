import { CanActivate, ExecutionContext, Injectable, SetMetadata, createParamDecorator } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AccessTokenValidator, ValidatedAccessToken } from '@app/tokens';
import { invalidTokenError, missingTokenError } from './bearer-errors';
import { presentedBearer } from './bearer-token';
import type { HttpRequest } from '@app/common';

const ACCEPT_QUERY_TOKEN = 'gatehouse:accept-query-access-token';

/** Marks a route whose documentation passes the token as `?access_token=` (seed dialects only). */
export const AcceptQueryAccessToken = () => SetMetadata(ACCEPT_QUERY_TOKEN, true);

type WithToken = HttpRequest & { accessToken?: ValidatedAccessToken };

/**
 * RFC 6750 bearer authentication. It only says who is calling: a valid, unexpired, unrevoked
 * access token for this resource server (AccessTokenValidator), attached to the request;
 * what the token may do is the route's business. Missing → 401 without an error attribute,
 * anything else → 401 invalid_token (RFC 6750 §3.1).
 */
@Injectable()
export class BearerGuard implements CanActivate {
  constructor(private readonly validator: AccessTokenValidator, private readonly reflector: Reflector) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<WithToken>();
    const acceptQuery = this.reflector.getAllAndOverride<boolean>(ACCEPT_QUERY_TOKEN, [context.getHandler(), context.getClass()]) === true;
    const presented = presentedBearer(req, acceptQuery);
    if (presented.token === null) {
      throw presented.malformed ? invalidTokenError('The access token is malformed') : missingTokenError();
    }
    const token = await this.validator.validate(presented.token);
    if (!token) throw invalidTokenError();
    req.accessToken = token;
    return true;
  }
}

/** The token BearerGuard accepted. */
export const CurrentAccessToken = createParamDecorator((_: unknown, context: ExecutionContext): ValidatedAccessToken => {
  const token = context.switchToHttp().getRequest<WithToken>().accessToken;
  if (!token) throw new Error('CurrentAccessToken used on a route without BearerGuard');
  return token;
});
