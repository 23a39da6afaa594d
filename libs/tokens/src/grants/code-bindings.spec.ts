import { createHash } from 'node:crypto';
import type { RedeemedCode } from '@app/authorization';
import { codeBindingProblem, PresentedCode } from './code-bindings';

const verifier = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
const challenge = createHash('sha256').update(verifier).digest('base64url');

const code = (over: Partial<RedeemedCode> = {}): RedeemedCode => ({
  id: 'c1', clientId: 'client-a', userId: 'u1', redirectUri: 'https://app.example/cb', redirectUriProvided: true,
  scopes: ['profile'], scopeRequested: true, codeChallenge: null, codeChallengeMethod: null, nonce: null, authTime: null, grantId: 'g1', ...over,
});
const presented = (over: Partial<PresentedCode> = {}): PresentedCode => ({
  clientId: 'client-a', requirePkce: false, redirectUri: 'https://app.example/cb', redirectUriOptional: false, codeVerifier: undefined, ...over,
});

describe(codeBindingProblem.name, () => {
  it('accepts the code with everything bound as issued', () => {
    expect(codeBindingProblem(code(), presented())).toBeNull();
    expect(codeBindingProblem(code({ codeChallenge: challenge, codeChallengeMethod: 'S256' }), presented({ codeVerifier: verifier }))).toBeNull();
  });

  it('#21 refuses another client', () => {
    expect(codeBindingProblem(code(), presented({ clientId: 'client-b' }))).toMatch(/another client/);
  });

  it('#22 requires the same redirect_uri when it was sent at authorize', () => {
    expect(codeBindingProblem(code(), presented({ redirectUri: undefined }))).toMatch(/required/);
    expect(codeBindingProblem(code(), presented({ redirectUri: 'https://app.example/cb/' }))).toMatch(/does not match/);
  });

  it('#22 lets the redirect_uri be omitted only when it was not sent at authorize, or for a dialect that has none', () => {
    expect(codeBindingProblem(code({ redirectUriProvided: false }), presented({ redirectUri: undefined }))).toBeNull();
    expect(codeBindingProblem(code({ redirectUriProvided: false }), presented({ redirectUri: 'https://evil.example/cb' }))).toMatch(/does not match/);
    expect(codeBindingProblem(code(), presented({ redirectUri: undefined, redirectUriOptional: true }))).toBeNull();
    expect(codeBindingProblem(code(), presented({ redirectUri: 'https://evil.example/cb', redirectUriOptional: true }))).toMatch(/does not match/);
  });

  it('#15 needs a verifier, well-formed and matching, for a challenged code', () => {
    const challenged = code({ codeChallenge: challenge, codeChallengeMethod: 'S256' });
    expect(codeBindingProblem(challenged, presented())).toMatch(/required/);
    expect(codeBindingProblem(challenged, presented({ codeVerifier: 'short' }))).toMatch(/43-128/);
    expect(codeBindingProblem(challenged, presented({ codeVerifier: `${verifier}!` }))).toMatch(/43-128/);
    expect(codeBindingProblem(challenged, presented({ codeVerifier: 'a'.repeat(129) }))).toMatch(/43-128/);
    expect(codeBindingProblem(challenged, presented({ codeVerifier: 'a'.repeat(43) }))).toMatch(/does not match/);
  });

  it('#16 refuses a verifier for a code issued without a challenge', () => {
    expect(codeBindingProblem(code(), presented({ codeVerifier: verifier }))).toMatch(/no code_challenge/);
  });

  it('#13 refuses an unchallenged code from a client that must use PKCE', () => {
    expect(codeBindingProblem(code(), presented({ requirePkce: true }))).toMatch(/must use PKCE/);
  });

  it('#14 refuses a plain challenge stored by mistake', () => {
    expect(codeBindingProblem(code({ codeChallenge: verifier, codeChallengeMethod: 'plain' }), presented({ codeVerifier: verifier }))).toMatch(/S256/);
  });
});
