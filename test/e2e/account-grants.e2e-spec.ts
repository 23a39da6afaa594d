import type { EntityManager } from 'typeorm';
import { ConsentEvents, Consents } from '../../libs/authorization/src';
import { AuditLog, ConsentEntity } from '../../libs/persistence/src';
import { startTestApp, TestApp } from '../support/app';
import { hiddenInput, loginAndAuthorize, signedInAgent } from '../support/browser-flow';
import { ALICE, BOB, createClient, createUser } from '../support/fixtures';

describe('/account/grants', () => {
  let t: TestApp;
  let aliceId: string;
  let bobId: string;
  const revoked: { userId: string; clientId: string; inTransaction: boolean }[] = [];
  let failNextRevocation = false;

  beforeAll(async () => {
    t = await startTestApp();
    aliceId = (await createUser(t, ALICE)).id;
    bobId = (await createUser(t, BOB)).id;
    // what the token lib does: revoke tokens inside the transaction that removes the grant
    t.app.get(ConsentEvents).onRevoked(async (userId: string, clientId: string, manager: EntityManager) => {
      revoked.push({ userId, clientId, inTransaction: manager.queryRunner?.isTransactionActive === true });
      if (failNextRevocation) {
        failNextRevocation = false;
        throw new Error('token revocation failed');
      }
    });
  });
  afterAll(async () => { await t.close(); });

  const consentCount = (userId: string, clientId: string) =>
    t.dataSource.getRepository(ConsentEntity).countBy({ userId, clientId });

  it('sends an anonymous visitor to the login page and back', async () => {
    const res = await t.http().get('/account/grants').expect(302);
    expect(res.headers.location).toBe('/login?return_to=%2Faccount%2Fgrants');
  });

  it('says when nothing was granted', async () => {
    const agent = await signedInAgent(t, BOB);
    const res = await agent.get('/account/grants').expect(200);
    expect(res.text).toContain('You have not allowed any application');
  });

  it('#40 lists each granted channel with its developer, scopes in plain words and the date', async () => {
    const reader = await createClient(t, { client_name: 'Acme Reader', owner_name: 'Acme Ltd.' });
    const shop = await createClient(t, { client_name: 'Corner Shop', scope: 'profile' });
    const first = await loginAndAuthorize(t, { clientId: reader.clientId, redirectUri: reader.redirectUri });
    await loginAndAuthorize(t, { clientId: shop.clientId, redirectUri: shop.redirectUri, agent: first.agent });
    const res = await first.agent.get('/account/grants').expect(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.text).toContain('Acme Reader');
    expect(res.text).toContain('by Acme Ltd.');
    expect(res.text).toContain('Corner Shop');
    expect(res.text).toContain('Read your user id');
    expect(res.text).toContain('Read your username and display name');
    expect(res.text).toContain(`<time datetime="${new Date().toISOString().slice(0, 10)}`);
    expect(res.text).toContain(`name="client_id" value="${reader.clientId}"`);
    expect(res.text).toMatch(/<form class="revoke-form" method="post" action="\/account\/grants\/revoke">/);
    // bob sees none of alice's grants
    const bob = await signedInAgent(t, BOB);
    expect((await bob.get('/account/grants')).text).not.toContain('Acme Reader');
  });

  it('#40 revokes a grant (CSRF-checked), revoking its tokens in the same transaction', async () => {
    const c = await createClient(t, { client_name: 'Revoke Me' });
    const first = await loginAndAuthorize(t, { clientId: c.clientId, redirectUri: c.redirectUri });
    const page = await first.agent.get('/account/grants').expect(200);
    const res = await first.agent.post('/account/grants/revoke').type('form')
      .send({ client_id: c.clientId, _csrf: hiddenInput(page.text, '_csrf') });
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe('/account/grants?revoked=1');
    expect(await consentCount(aliceId, c.clientId)).toBe(0);
    expect(revoked).toContainEqual({ userId: aliceId, clientId: c.clientId, inTransaction: true });
    const { items } = await t.app.get(AuditLog).query({ action: 'consent.revoked', targetId: c.clientId });
    expect(items).toHaveLength(1);
    const after = await first.agent.get(res.headers.location).expect(200);
    expect(after.text).toContain('Access removed');
    expect(after.text).not.toContain('Revoke Me');
    // the next request asks for consent again
    const again = await loginAndAuthorize(t, { clientId: c.clientId, redirectUri: c.redirectUri, agent: first.agent });
    expect(again.consentShown).toBe(true);
  });

  it('refuses a revocation without the CSRF token (403) and keeps the grant', async () => {
    const c = await createClient(t);
    const first = await loginAndAuthorize(t, { clientId: c.clientId, redirectUri: c.redirectUri });
    const missing = await first.agent.post('/account/grants/revoke').type('form').send({ client_id: c.clientId });
    const wrong = await first.agent.post('/account/grants/revoke').type('form').send({ client_id: c.clientId, _csrf: 'nope' });
    expect([missing.status, wrong.status]).toEqual([403, 403]);
    expect(await consentCount(aliceId, c.clientId)).toBe(1);
  });

  it("cannot revoke another user's grant", async () => {
    const c = await createClient(t);
    await loginAndAuthorize(t, { clientId: c.clientId, redirectUri: c.redirectUri });
    const bob = await signedInAgent(t, BOB);
    const page = await bob.get('/account/grants');
    const res = await bob.post('/account/grants/revoke').type('form').send({ client_id: c.clientId, _csrf: hiddenInput(page.text, '_csrf') });
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe('/account/grants');
    expect(await consentCount(aliceId, c.clientId)).toBe(1);
    expect(revoked).not.toContainEqual(expect.objectContaining({ userId: bobId, clientId: c.clientId }));
  });

  it('keeps the grant when revoking its tokens fails (one transaction)', async () => {
    const c = await createClient(t);
    await loginAndAuthorize(t, { clientId: c.clientId, redirectUri: c.redirectUri });
    failNextRevocation = true;
    await expect(t.app.get(Consents).revoke(aliceId, c.clientId, { actor: 'test' })).rejects.toThrow('token revocation failed');
    expect(await consentCount(aliceId, c.clientId)).toBe(1);
  });

  it('answers odd input without a 500', async () => {
    const agent = await signedInAgent(t);
    const csrf = hiddenInput((await agent.get('/account/grants')).text, '_csrf');
    for (const body of [`client_id=a&client_id=b&_csrf=${csrf}`, `client_id=${'x'.repeat(500)}&_csrf=${csrf}`, `_csrf=${csrf}`]) {
      const res = await agent.post('/account/grants/revoke').type('form').send(body);
      expect(res.status).toBe(302);
    }
  });
});
