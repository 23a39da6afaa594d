import { UsersService, UserView } from '../../libs/accounts/src';
import { ClientLifecycle, ClientsService, ClientView, RegistrationInput } from '../../libs/clients/src';
import type { TestApp } from './app';

export const ADMIN = { username: 'admin', password: 'admin-password-1' };
export const ALICE = { username: 'alice', password: 'alice-password-1', displayName: 'Alice Liu' };
export const BOB = { username: 'bob', password: 'bob-password-1', displayName: 'Bob Wang' };
export const REDIRECT_URI = 'https://app.example/cb';

let counter = 0;

export async function createUser(t: TestApp, user: { username: string; password: string; displayName?: string; isAdmin?: boolean } = ALICE): Promise<UserView> {
  return t.app.get(UsersService).create(user, { actor: 'test' });
}

export interface TestClient {
  client: ClientView;
  clientId: string;
  clientSecret: string | null;
  redirectUri: string;
}

/** Registers a channel through the service and (by default) approves it. */
export async function createClient(
  t: TestApp,
  input: Partial<RegistrationInput> = {},
  options: { approve?: boolean } = {},
): Promise<TestClient> {
  counter += 1;
  const registered = await t.app.get(ClientsService).register({
    client_name: `Test App ${counter}`,
    redirect_uris: [REDIRECT_URI],
    scope: 'user_id_read profile',
    grant_types: ['authorization_code', 'refresh_token', 'client_credentials'],
    ...input,
  } as RegistrationInput, { actor: 'test' });
  let client = registered.client;
  if (options.approve !== false) {
    client = await t.app.get(ClientLifecycle).approve(client.client_id, undefined, { actor: 'test' });
  }
  return { client, clientId: client.client_id, clientSecret: registered.clientSecret, redirectUri: client.redirect_uris[0] };
}

export function basicAuth(clientId: string, secret: string): string {
  return `Basic ${Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(secret)}`).toString('base64')}`;
}
