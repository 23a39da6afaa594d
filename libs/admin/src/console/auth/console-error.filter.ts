import { ArgumentsHost, Catch } from '@nestjs/common';
import type { HttpReply } from '@app/common';
import { BrowserErrorFilter } from '@app/authorization';
import { ConsoleEnrolmentRequired, ConsoleLoginRequired } from './console-admin';

/** The console's pages: not signed in → the console login; no second factor where one is required → its set-up; every other error as on the other browser pages. */
@Catch()
export class ConsoleErrorFilter extends BrowserErrorFilter {
  override catch(exception: unknown, host: ArgumentsHost): void {
    if (exception instanceof ConsoleLoginRequired) {
      const res = host.switchToHttp().getResponse<HttpReply>();
      if (res.sent) return;
      res.header('Cache-Control', 'no-store').redirect(`/admin/login?return_to=${encodeURIComponent(exception.returnTo)}`, 302);
      return;
    }
    if (exception instanceof ConsoleEnrolmentRequired) {
      const res = host.switchToHttp().getResponse<HttpReply>();
      if (!res.sent) res.header('Cache-Control', 'no-store').redirect(ConsoleEnrolmentRequired.PATH, 302);
      return;
    }
    super.catch(exception, host);
  }
}
