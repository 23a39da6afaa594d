import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { clientIp, HttpRequest, UnauthenticatedError } from '@app/common';
import type { AuditContext } from '@app/persistence';

/** The operator behind an admin API request, as the guard found it. */
export interface AdminPrincipal {
  sessionId: string;
  userId: string;
  username: string;
}

export interface AdminRequest extends HttpRequest {
  admin?: AdminPrincipal;
}

export function adminOf(req: AdminRequest): AdminPrincipal {
  if (!req.admin) throw new UnauthenticatedError('Not authenticated');
  return req.admin;
}

/** The caller's audit context: `admin:<username>` and the request's address. */
export const AdminAudit = createParamDecorator((_: unknown, ctx: ExecutionContext): AuditContext => {
  const req = ctx.switchToHttp().getRequest<AdminRequest>();
  return { actor: `admin:${adminOf(req).username}`, ip: clientIp(req) };
});

/** The calling operator (for logout). */
export const CurrentAdmin = createParamDecorator((_: unknown, ctx: ExecutionContext): AdminPrincipal => {
  return adminOf(ctx.switchToHttp().getRequest<AdminRequest>());
});
