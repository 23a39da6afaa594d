import { InvalidRequestError } from '@app/common';
import type { AuthorizeContext, Prompt } from '../authorize-context';
import { describeValue } from './describe-value';

const PROMPTS: readonly string[] = ['none', 'login', 'consent'] satisfies Prompt[];

/**
 * OIDC Core §3.1.2.1 `prompt`, as PRODUCT.md narrows it: one of none | login | consent.
 * (The login step has already acted on none and login; this check refuses anything else.)
 */
export function checkPrompt(ctx: AuthorizeContext): void {
  const prompt = ctx.request.prompt;
  if (prompt === undefined) return;
  if (!PROMPTS.includes(prompt)) {
    throw new InvalidRequestError(`prompt "${describeValue(prompt)}" is not supported; use none, login or consent`);
  }
  ctx.prompt = prompt as Prompt;
}
