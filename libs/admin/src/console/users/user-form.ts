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
