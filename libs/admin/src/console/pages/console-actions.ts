import { Injectable } from '@nestjs/common';
import { ConflictError, DomainError, HttpReply, HttpRequest, NotFoundError, ValidationError } from '@app/common';
import { BrowserSessions } from '@app/authorization';
import type { ConsoleAdmin } from '../auth/console-admin';
import { ConsolePages, Flash } from './console-pages';

export type ConsoleForm = Record<string, unknown>;

/** What an action did, for the flash message on the page it returns to. */
export interface ActionResult {
  flash: Flash;
  /** Where to go afterwards when not back to the page the form was on. */
  redirect?: string;
}

/** The operator did not tick the box that confirms an action that cannot be undone. */
export class ConfirmationMissing extends ValidationError {
  constructor() {
    super('confirm', 'tick the confirmation box');
  }
}

/**
 * Every console form post goes through here: the CSRF token is checked first, the action runs,
 * and the browser gets a 302 (never 307, checklist #9) back to `back` with a flash message that
 * says what happened — including a refusal from the services (bad input, an illegal transition).
 */
@Injectable()
export class ConsoleActions {
  constructor(private readonly sessions: BrowserSessions, private readonly pages: ConsolePages) {}

  async run(req: HttpRequest, res: HttpReply, back: string, action: (form: ConsoleForm) => Promise<ActionResult>, admin: ConsoleAdmin): Promise<void> {
    const form = (req.body && typeof req.body === 'object' ? req.body : {}) as ConsoleForm;
    await this.sessions.verifiedPost(req, form._csrf);
    let target = back;
    try {
      const result = await action(form);
      await this.pages.flash(req, admin, result.flash);
      target = result.redirect ?? back;
    } catch (err) {
      if (!(err instanceof DomainError) || err instanceof NotFoundError) throw err;
      const key = err instanceof ConfirmationMissing ? 'admin.flash.confirm_required'
        : err instanceof ConflictError ? 'admin.flash.conflict' : 'admin.flash.refused';
      await this.pages.flash(req, admin, { kind: 'error', key, params: { message: err.message } });
    }
    res.header('Cache-Control', 'no-store').redirect(target, 302);
  }
}

/** A single text field of a form, trimmed; arrays (a repeated field) and other types count as absent. */
export function text(form: ConsoleForm, name: string, max = 2000): string {
  const value = form[name];
  return typeof value === 'string' ? value.trim().slice(0, max) : '';
}

/** A required reason (reject, suspend): the audit log keeps it. */
export function reason(form: ConsoleForm): string {
  const value = text(form, 'reason', 500);
  if (!value) throw new ValidationError('reason', 'a reason is required');
  return value;
}

/** Actions that cannot be undone carry a ticked `confirm` checkbox (no JavaScript needed). */
export function confirmed(form: ConsoleForm): void {
  if (form.confirm !== 'yes') throw new ConfirmationMissing();
}
