import { ValidationError } from '@app/common';
import { ClientLifecycle, ClientsService, ClientStatus } from '@app/clients';
import type { Command } from './command';

const STATUSES: readonly ClientStatus[] = ['pending', 'approved', 'rejected', 'suspended'];

export const clientCreate: Command = {
  name: 'client:create',
  summary: 'Register a channel; prints its client_id and, once, its secret',
  options: {
    name: { kind: 'value', required: true, help: 'the channel name shown on the consent page' },
    'redirect-uri': { kind: 'list', required: true, help: 'a redirect URI (exact match)' },
    scope: { kind: 'value', help: 'space-separated scopes, e.g. "user_id_read profile"' },
    description: { kind: 'value', help: 'what the channel does' },
    owner: { kind: 'value', help: 'the developer or organization' },
    public: { kind: 'flag', help: 'a public client (no secret, PKCE required)' },
    approve: { kind: 'flag', help: 'approve it at once' },
  },
  async run({ app, audit }, o) {
    const isPublic = o.flags.has('public');
    const { client, clientSecret } = await app.get(ClientsService).register({
      client_name: o.values.name,
      redirect_uris: o.lists['redirect-uri'],
      scope: o.values.scope,
      description: o.values.description,
      owner_name: o.values.owner,
      token_endpoint_auth_method: isPublic ? 'none' : 'client_secret_basic',
      grant_types: isPublic ? ['authorization_code', 'refresh_token'] : undefined,
    }, audit);
    const result = o.flags.has('approve') ? await app.get(ClientLifecycle).approve(client.client_id, 'created with --approve', audit) : client;
    return clientSecret ? { ...result, client_secret: clientSecret } : result;
  },
};

export const clientApprove: Command = {
  name: 'client:approve',
  summary: 'Approve a pending channel',
  options: {
    'client-id': { kind: 'value', required: true, help: 'the channel to approve' },
    note: { kind: 'value', help: 'why (kept in the audit log)' },
  },
  run: ({ app, audit }, o) => app.get(ClientLifecycle).approve(o.values['client-id'], o.values.note, audit),
};

export const clientList: Command = {
  name: 'client:list',
  summary: 'List channels, newest first',
  options: {
    status: { kind: 'value', help: STATUSES.join(' | ') },
    search: { kind: 'value', help: 'part of the name or client_id' },
    limit: { kind: 'value', help: '1-200 (default 50)' },
  },
  async run({ app }, o) {
    const status = o.values.status as ClientStatus | undefined;
    if (status !== undefined && !STATUSES.includes(status)) throw new ValidationError('status', `must be one of ${STATUSES.join(', ')}`);
    const limit = o.values.limit === undefined ? 50 : Number(o.values.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 200) throw new ValidationError('limit', 'must be a whole number from 1 to 200');
    return app.get(ClientsService).list({ status, search: o.values.search, limit });
  },
};
