import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { encodeLocationPath } from '@app/common';
import type { AuditContext } from '@app/persistence';
import type { SessionView, UserView } from '@app/accounts';

/** The signed-in operator of a console request, put on the request by ConsoleAdminGuard. */
export interface ConsoleAdmin {
  user: UserView;
  session: SessionView;
  /** `admin:<username>` from the caller's address, for every audited change. */
  audit: AuditContext;
}

export const CONSOLE_ADMIN = Symbol('gatehouse.consoleAdmin');

export const CurrentAdmin = createParamDecorator((_data: unknown, ctx: ExecutionContext): ConsoleAdmin => {
  const admin = (ctx.switchToHttp().getRequest() as Record<symbol, ConsoleAdmin | undefined>)[CONSOLE_ADMIN];
  if (!admin) throw new Error('CurrentAdmin used on a route without ConsoleAdminGuard');
  return admin;
});

/** A console page asked for by a browser that is not signed in: the filter sends it to the console login. */
export class ConsoleLoginRequired extends Error {
  constructor(readonly returnTo: string) {
    super('sign in to the console');
  }
}

/**
 * Where a console login may send the browser back to: console paths only (percent-encoded
 * outside ASCII, issue 14 #4), else the dashboard.
 */
export function consoleReturnTo(value: unknown): string {
  if (typeof value !== 'string' || value.length > 2048) return '/admin';
  if (!/^\/admin(\/|\?|$)/.test(value) || /[\u0000-\u0020\u007f-\u009f\\]/.test(value)) return '/admin';
  if (value.startsWith('/admin/login') || value.startsWith('/admin/logout')) return '/admin';
  const encoded = encodeLocationPath(value);
  return encoded === null || encoded.length > 2048 ? '/admin' : encoded;
}

/** ADMIN_MFA=required and the operator has no second factor yet: the filter sends them to set one up. */
export class ConsoleEnrolmentRequired extends Error {
  static readonly PATH = '/admin/security';
  constructor() {
    super('set up two-step verification first');
  }
}
