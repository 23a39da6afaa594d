import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { ForbiddenError, HttpReply, UnauthenticatedError } from '@app/common';
import { AccessTokenValidator } from '@app/tokens';
import { AdminAuthService } from '../auth/admin-auth.service';
import type { AdminRequest } from '../auth/admin-principal';

/** The scope a platform's channel needs to accept or reject login requests. */
export const LOGIN_SCOPE = 'gatehouse:login';

/** Who answers a login request: an operator, or a platform's channel. */
export type LoginCaller = { kind: 'operator'; username: string } | { kind: 'channel'; clientId: string };

export interface LoginCallerRequest extends AdminRequest {
  loginCaller?: LoginCaller;
}

/**
 * /api/admin/login-requests callers (PRODUCT.md "Delegated login"): an operator's admin bearer
 * token, or an access token the platform's channel got with client_credentials and the scope
 * `gatehouse:login` (which operators approve per channel like any scope). A token issued to a
 * user, or without that scope, is 403; no or an unknown token is 401.
 *
 * Any channel holding the scope may answer any login request, whichever app it was made for:
 * the platform's sign-in serves all of its apps, so the scope means "may sign any user in" and
 * is meant for the platform's own login service only.
 */
@Injectable()
export class LoginCallerGuard implements CanActivate {
  constructor(private readonly admins: AdminAuthService, private readonly tokens: AccessTokenValidator) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<LoginCallerRequest>();
    const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
    const token = match?.[1];
    try {
      if (!token) throw new UnauthenticatedError('A bearer token is required: an operator token, or a client_credentials token with the scope gatehouse:login');
      const channel = await this.tokens.validate(token);
      if (channel) {
        if (channel.userId !== null) throw new ForbiddenError('A token issued to a user may not answer login requests; use client_credentials');
        if (!channel.scopes.includes(LOGIN_SCOPE)) throw new ForbiddenError(`The token lacks the scope ${LOGIN_SCOPE}`);
        req.loginCaller = { kind: 'channel', clientId: channel.clientId };
        return true;
      }
      const admin = await this.admins.authenticate(token);
      req.admin = admin;
      req.loginCaller = { kind: 'operator', username: admin.username };
      return true;
    } catch (err) {
      if (err instanceof UnauthenticatedError) {
        const error = match ? ', error="invalid_token"' : '';
        context.switchToHttp().getResponse<HttpReply>().header('WWW-Authenticate', `Bearer realm="gatehouse-admin"${error}`);
      } else if (err instanceof ForbiddenError) {
        context.switchToHttp().getResponse<HttpReply>().header('WWW-Authenticate', `Bearer realm="gatehouse-admin", error="insufficient_scope", scope="${LOGIN_SCOPE}"`);
      }
      throw err;
    }
  }
}
