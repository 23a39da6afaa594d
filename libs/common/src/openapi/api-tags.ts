/**
 * The tags of the OpenAPI document, in the order a developer meets them: register a channel,
 * send the user to authorize, get tokens, call the resource API; then the operators' API and the
 * seed dialects. Use these constants in @ApiTags, never a literal: a tag that is not here fails
 * `npm run lint:openapi` (operation-tag-defined).
 */
export const API_TAGS = {
  register: 'Register',
  authorize: 'Authorize',
  tokens: 'Tokens',
  resource: 'Resource',
  admin: 'Admin',
  dialects: 'Seed dialects',
} as const;

export const API_TAG_DESCRIPTIONS: Record<(typeof API_TAGS)[keyof typeof API_TAGS], string> = {
  Register: 'Step 1. Register a channel (RFC 7591 field names). It starts `pending` until an operator approves it (Admin).',
  Authorize: 'Step 2. Discover the endpoints and send the user\'s browser to authorize (RFC 6749 §4.1 with PKCE, RFC 8414, '
    + 'OpenID Connect Discovery). These answer with pages and redirects, so try them in a browser tab rather than here.',
  Tokens: 'Step 3. Exchange a code, refresh, or get a client_credentials token; revoke (RFC 7009) and introspect (RFC 7662). '
    + 'Authenticate the channel with HTTP Basic (client_id:client_secret) or client_secret_post.',
  Resource: 'Step 4. Call the resource API with the access token (RFC 6750 bearer).',
  Admin: 'Operators: sign in (POST /api/admin/session), then approve channels, manage users and scopes, read the audit log.',
  'Seed dialects': 'Wire-compatible endpoints for channels written against the five legacy platforms (seeds 000-004). '
    + 'New integrations should use the standard endpoints above.',
};
