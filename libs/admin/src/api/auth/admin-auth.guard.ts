import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { HttpReply, UnauthenticatedError } from '@app/common';
import { AdminAuthService } from './admin-auth.service';
import type { AdminRequest } from './admin-principal';

/**
 * Says who calls an /api/admin route (RFC 6750 §2.1 bearer header only) and stops anyone who
 * is not a current operator: 401 (with WWW-Authenticate) without a valid token, 403 for a
 * non-admin. What the operator may then do is the services' business.
 */
@Injectable()
export class AdminAuthGuard implements CanActivate {
  constructor(private readonly auth: AdminAuthService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<AdminRequest>();
    const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
    try {
      req.admin = await this.auth.authenticate(match?.[1]);
      return true;
    } catch (err) {
      if (err instanceof UnauthenticatedError) {
        const error = match ? ', error="invalid_token"' : '';
        context.switchToHttp().getResponse<HttpReply>().header('WWW-Authenticate', `Bearer realm="gatehouse-admin"${error}`);
      }
      throw err;
    }
  }
}
