import { ValidationError } from '@app/common';
import { ConsoleForm, text } from '../pages/console-actions';

/** The create-user form as UsersService input (the service validates username and password). */
export function newUserInput(form: ConsoleForm) {
  return {
    username: text(form, 'username', 64),
    password: typeof form.password === 'string' ? form.password.slice(0, 300) : '',
    displayName: text(form, 'display_name', 200) || null,
    isAdmin: form.is_admin === 'yes',
  };
}

/**
 * The attributes textarea: a JSON object (the accounts service checks its shape and size);
 * an empty box removes every attribute.
 */
export function attributesInput(form: ConsoleForm): unknown {
  const raw = typeof form.attributes === 'string' ? form.attributes.trim() : '';
  if (raw === '') return null;
  if (raw.length > 16_384) throw new ValidationError('attributes', 'is too long');
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    throw new ValidationError('attributes', 'is not valid JSON (write an object such as {"seller_name": "Acme Ltd."})');
  }
}

/** A user's attributes as the page shows them: a list, and the JSON the form starts from. */
export function attributesOnPage(attributes: Record<string, string>): { attributeList: { name: string; value: string }[]; attributesText: string } {
  const attributeList = Object.entries(attributes).map(([name, value]) => ({ name, value }));
  return { attributeList, attributesText: attributeList.length ? JSON.stringify(attributes, null, 2) : '' };
}
