import { UsersService } from '@app/accounts';
import type { Command } from './command';

const userOptions = {
  username: { kind: 'value', required: true, help: 'login name (3-64 letters, digits, ".", "_", "@", "-")' },
  password: { kind: 'value', required: true, help: 'at least 8 characters' },
  'display-name': { kind: 'value', help: 'the name shown to people' },
} as const;

export const userCreate: Command = {
  name: 'user:create',
  summary: 'Create a user who can log in and grant access to channels',
  options: userOptions,
  run: ({ app, audit }, o) => app.get(UsersService).create({
    username: o.values.username, password: o.values.password, displayName: o.values['display-name'], isAdmin: false,
  }, audit),
};

export const adminCreate: Command = {
  name: 'admin:create',
  summary: 'Create an operator (admin console and admin API)',
  options: userOptions,
  run: ({ app, audit }, o) => app.get(UsersService).create({
    username: o.values.username, password: o.values.password, displayName: o.values['display-name'], isAdmin: true,
  }, audit),
};
