import type { AppConfig } from '@app/common';
import type { AuthorizationCodes, IssueCodeInput } from '../codes/authorization-codes.service';
import { fakeClient } from './checks/test-context';
import type { ValidatedAuthorization } from './authorize-context';
import { AuthorizationResponses } from './authorization-response';
import { STANDARD_PROFILE } from './dialect-profile';

function setup() {
  const issued: IssueCodeInput[] = [];
  const codes = { issue: async (input: IssueCodeInput) => { issued.push(input); return 'ghc_code'; } } as unknown as AuthorizationCodes;
  const config = { server: { issuer: 'https://id.example' }, tokens: { codeTtl: 60 } } as AppConfig;
  return { issued, responses: new AuthorizationResponses(config, codes) };
}

const auth = (overrides: Partial<ValidatedAuthorization> = {}): ValidatedAuthorization => ({
  client: fakeClient(),
  redirectUri: 'https://app.example/cb',
  redirectUriProvided: true,
  scopes: ['profile'],
  state: 's 1',
  codeChallenge: null,
  profile: STANDARD_PROFILE,
  ...overrides,
});

const seed003 = { ...STANDARD_PROFILE, name: 'seed-003', codeTtlSeconds: 86_400, extraRedirectParams: { app_id: 'client-1' }, denial: { error: false, iss: false } };

describe(AuthorizationResponses.name, () => {
  it('redirects with code, state and iss, and binds the code to the request', async () => {
    const { issued, responses } = setup();
    const location = await responses.approve(auth({ codeChallenge: 'c'.repeat(43) }), 'user-1', null);
    expect(location).toBe('https://app.example/cb?code=ghc_code&state=s+1&iss=https%3A%2F%2Fid.example');
    expect(issued[0]).toMatchObject({
      clientId: 'client-1', userId: 'user-1', redirectUri: 'https://app.example/cb', redirectUriProvided: true,
      scopes: ['profile'], codeChallenge: 'c'.repeat(43), codeChallengeMethod: 'S256', ttlSeconds: 60,
    });
  });

  it("takes the code lifetime from the dialect, else the channel's code_ttl, else CODE_TTL", async () => {
    const { issued, responses } = setup();
    await responses.approve(auth({ profile: seed003, client: fakeClient({ codeTtl: 5 }) }), 'u', null);
    await responses.approve(auth({ client: fakeClient({ codeTtl: 5 }) }), 'u', null);
    await responses.approve(auth(), 'u', null);
    expect(issued.map((i) => i.ttlSeconds)).toEqual([86_400, 5, 60]);
  });

  it("adds the dialect's parameters to success, denial and error targets", async () => {
    const { responses } = setup();
    expect(await responses.approve(auth({ profile: seed003 }), 'u', null)).toBe('https://app.example/cb?app_id=client-1&code=ghc_code&state=s+1&iss=https%3A%2F%2Fid.example');
    expect(responses.target(auth({ profile: seed003 }))).toEqual({
      redirectUri: 'https://app.example/cb', state: 's 1', iss: 'https://id.example', extra: { app_id: 'client-1' },
    });
  });

  it('denies with error=access_denied, state and iss, unless the dialect leaves error and iss out', () => {
    const { responses } = setup();
    expect(responses.denial(auth())).toBe('https://app.example/cb?error=access_denied&state=s+1&iss=https%3A%2F%2Fid.example');
    expect(responses.denial(auth({ profile: seed003 }))).toBe('https://app.example/cb?app_id=client-1&state=s+1');
  });
});
