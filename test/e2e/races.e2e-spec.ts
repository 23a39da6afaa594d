import {
  AccessTokenEntity, AuditEventEntity, ClientEntity, ClientStatusChangeEntity, ConsentEntity, RefreshTokenEntity, UserEntity,
} from '../../libs/persistence/src';
import { ScopesService } from '../../libs/clients/src';
import { startTestApp, TestApp } from '../support/app';
import { adminToken, bearer } from '../support/admin';
import { hiddenInput, signedInAgent } from '../support/browser-flow';
import { ALICE, createClient, createUser, TestClient } from '../support/fixtures';
import { clientCredentials, me, obtainTokens, refresh } from '../support/tokens';

/**
 * Issue 7 "Races": operators and users doing the same thing at the same moment, with real
 * parallel HTTP requests (token-races.e2e-spec.ts covers codes and refresh tokens). Exactly one
 * winner per transition, no duplicate rows, no token left valid that should not be.
 */
describe('races', () => {
  let t: TestApp;
  let auth: string;
  let aliceId: string;
  const N = 12;

  beforeAll(async () => {
    t = await startTestApp({ env: { THROTTLE_CLIENT_AUTH: '100000', THROTTLE_REGISTRATION: '100000' } });
    auth = bearer(await adminToken(t));
    aliceId = (await createUser(t, ALICE)).id;
  });
  afterAll(async () => { await t.close(); });

  const admin = (path: string, body: object = {}) => t.http().post(`/api/admin${path}`).set('Authorization', auth).send(body);
  const history = async (clientId: string) => {
    const client = await t.dataSource.getRepository(ClientEntity).findOneByOrFail({ clientId });
    return t.dataSource.getRepository(ClientStatusChangeEntity).find({ where: { clientPk: client.id }, order: { at: 'ASC' } });
  };
  const auditCount = (clientId: string, action: string) => t.dataSource.getRepository(AuditEventEntity).countBy({ targetId: clientId, action });
  const liveTokens = async (clientId: string) => ({
    access: await t.dataSource.getRepository(AccessTokenEntity).createQueryBuilder('a').where('a.client_id = :clientId AND a.revoked_at IS NULL', { clientId }).getCount(),
    refresh: await t.dataSource.getRepository(RefreshTokenEntity).createQueryBuilder('r').where('r.client_id = :clientId AND r.revoked_at IS NULL', { clientId }).getCount(),
  });

  describe('channel lifecycle', () => {
    it(`${N} parallel approvals of one pending channel: one 200, the rest 409 naming the state; one history row, one audit event`, async () => {
      const { clientId } = await createClient(t, {}, { approve: false });
      const results = await Promise.all(Array.from({ length: N }, () => admin(`/clients/${clientId}/approve`)));
      expect(results.filter((r) => r.status === 200)).toHaveLength(1);
      for (const r of results.filter((x) => x.status !== 200)) {
        expect(r.status).toBe(409);
        expect(r.body.error).toBe('conflict');
        expect(r.body.error_description).toMatch(/approved/);
      }
      expect((await history(clientId)).map((h) => `${h.fromStatus}→${h.toStatus}`)).toEqual(['null→pending', 'pending→approved']);
      expect(await auditCount(clientId, 'client.approved')).toBe(1);
    });

    it('approvals racing rejections of one pending channel: exactly one transition out of pending', async () => {
      const { clientId } = await createClient(t, {}, { approve: false });
      const results = await Promise.all(Array.from({ length: N }, (_, i) =>
        (i % 2 ? admin(`/clients/${clientId}/reject`, { reason: 'race' }) : admin(`/clients/${clientId}/approve`))));
      const winners = results.filter((r) => r.status === 200);
      expect(winners).toHaveLength(1);
      expect(results.filter((r) => r.status === 409)).toHaveLength(N - 1);
      const rows = await history(clientId);
      expect(rows).toHaveLength(2);
      expect(rows[1].toStatus).toBe(winners[0].body.status);
      const final = await t.dataSource.getRepository(ClientEntity).findOneByOrFail({ clientId });
      expect(final.status).toBe(winners[0].body.status);
    });

    it(`${N} parallel suspensions: one 200, the rest 409; one history row; every token of the channel revoked`, async () => {
      const client = await createClient(t);
      const families = await Promise.all(Array.from({ length: 4 }, () => obtainTokens(t, client, aliceId)));
      await Promise.all(Array.from({ length: 3 }, () => clientCredentials(t, client).expect(200)));
      for (const f of families) await me(t, f.access_token).expect(200);

      const results = await Promise.all(Array.from({ length: N }, () => admin(`/clients/${client.clientId}/suspend`, { reason: 'abuse' })));
      expect(results.filter((r) => r.status === 200)).toHaveLength(1);
      expect(results.filter((r) => r.status === 409)).toHaveLength(N - 1);
      expect((await history(client.clientId)).map((h) => h.toStatus)).toEqual(['pending', 'approved', 'suspended']);
      expect(await auditCount(client.clientId, 'client.suspended')).toBe(1);
      expect(await liveTokens(client.clientId)).toEqual({ access: 0, refresh: 0 });
      for (const f of families) {
        await me(t, f.access_token).expect(401);
        const res = await refresh(t, client, f.refresh_token!);
        expect(res.status).toBe(401);
        expect(res.body.error).toBe('invalid_client');
      }
    });

    it('a suspension racing token requests leaves no live token of the suspended channel', async () => {
      for (let round = 0; round < 4; round++) {
        const client = await createClient(t);
        const families = await Promise.all(Array.from({ length: 6 }, () => obtainTokens(t, client, aliceId)));
        const later = <T>(ms: number, send: () => PromiseLike<T>) => new Promise((resolve) => setTimeout(resolve, ms)).then(send);
        // Requests spread over ~12 ms, the suspension in the middle of them.
        const traffic = [
          ...Array.from({ length: 24 }, (_, i) => later(i / 2, () => clientCredentials(t, client))),
          ...families.map((f, i) => later(i * 2, () => refresh(t, client, f.refresh_token!))),
        ];
        const suspended = await later(4 + round, () => admin(`/clients/${client.clientId}/suspend`, { reason: 'race' }));
        const answers = await Promise.all(traffic);
        expect(suspended.status).toBe(200);
        for (const r of answers) {
          expect(`${r.status} ${r.body.error ?? ''}`).toMatch(/^(200 |400 invalid_grant|401 invalid_client)$/);
        }
        expect(await liveTokens(client.clientId)).toEqual({ access: 0, refresh: 0 });
        for (const r of answers.filter((x) => x.status === 200)) {
          const res = await me(t, r.body.access_token);
          expect(res.status).toBe(401);
        }
      }
    });

    it('suspensions racing reactivations keep a consistent history: each row starts where the previous one ended', async () => {
      const client = await createClient(t);
      let ok = 0;
      for (let round = 0; round < 3; round++) {
        const results = await Promise.all(Array.from({ length: N }, (_, i) =>
          (i % 2 ? admin(`/clients/${client.clientId}/reactivate`) : admin(`/clients/${client.clientId}/suspend`, { reason: `round ${round}` }))));
        for (const r of results) expect([200, 409]).toContain(r.status);
        ok += results.filter((r) => r.status === 200).length;
      }
      const rows = await history(client.clientId);
      expect(rows).toHaveLength(2 + ok);
      for (let i = 1; i < rows.length; i++) expect(rows[i].fromStatus).toBe(rows[i - 1].toStatus);
      const final = await t.dataSource.getRepository(ClientEntity).findOneByOrFail({ clientId: client.clientId });
      expect(final.status).toBe(rows[rows.length - 1].toStatus);
      expect(await auditCount(client.clientId, 'client.suspended') + await auditCount(client.clientId, 'client.reactivated')).toBe(ok);
    });
  });

  describe('consent', () => {
    const EXTRA = ['race.a', 'race.b', 'race.c', 'race.d', 'race.e', 'race.f'];
    let client: TestClient;
    beforeAll(async () => {
      for (const name of EXTRA) await t.app.get(ScopesService).create({ name, description: `Race scope ${name}`, description_zh: null }, { actor: 'test' });
      client = await createClient(t, { scope: ['user_id_read', 'profile', ...EXTRA].join(' ') });
    });

    it('parallel consent decisions of one user for one channel: every one succeeds, one consent row, the scopes merged', async () => {
      const browser = await signedInAgent(t, ALICE);
      const asks = [['user_id_read'], ['profile'], ...EXTRA.map((s) => [s]), ['race.a', 'profile']];
      const pages = [];
      for (const scopes of asks) {
        const page = await browser.get(`/oauth2/authorize?${new URLSearchParams({
          response_type: 'code', client_id: client.clientId, redirect_uri: client.redirectUri, scope: scopes.join(' '), state: scopes.join('+'),
        })}`).expect(200);
        pages.push({ transaction_id: hiddenInput(page.text, 'transaction_id'), _csrf: hiddenInput(page.text, '_csrf'), decision: 'allow' });
      }
      const answers = await Promise.all(pages.map((form) => browser.post('/oauth2/authorize/decision').type('form').send(form)));
      for (const a of answers) {
        expect(a.status).toBe(302);
        expect(a.headers.location).toMatch(/^https:\/\/app\.example\/cb\?code=/);
      }
      const rows = await t.dataSource.getRepository(ConsentEntity).findBy({ userId: aliceId, clientId: client.clientId });
      expect(rows).toHaveLength(1);
      expect(rows[0].scope.split(' ').sort()).toEqual(['profile', 'user_id_read', ...EXTRA].sort());
      // the merged consent is remembered: asking for everything now skips the page
      const all = await browser.get(`/oauth2/authorize?${new URLSearchParams({
        response_type: 'code', client_id: client.clientId, redirect_uri: client.redirectUri, scope: rows[0].scope,
      })}`);
      expect(all.status).toBe(302);
      expect(all.headers.location).toMatch(/^https:\/\/app\.example\/cb\?code=/);
    });
  });

  describe('user registration', () => {
    const create = (username: string) => t.http().post('/api/admin/users').set('Authorization', auth).send({ username, password: 'race-password-1' });

    it(`${N} parallel creations of one username through the admin API: one 201, the rest 409, one row`, async () => {
      const results = await Promise.all(Array.from({ length: N }, () => create('carol')));
      expect(results.map((r) => r.status).sort()).toEqual([201, ...Array(N - 1).fill(409)]);
      for (const r of results.filter((x) => x.status !== 201)) expect(r.body.error).toBe('conflict');
      expect(await t.dataSource.getRepository(UserEntity).createQueryBuilder('u').where('LOWER(u.username) = :n', { n: 'carol' }).getCount()).toBe(1);
    });

    it('parallel creations of names that differ only in case: one 201, the rest 409, one row (on SQLite as on MySQL)', async () => {
      const names = ['dave', 'DAVE', 'Dave', 'dAve', 'daVe', 'davE', 'DAve', 'daVE'];
      const results = await Promise.all(names.map(create));
      expect(results.map((r) => r.status).sort()).toEqual([201, ...Array(names.length - 1).fill(409)]);
      expect(await t.dataSource.getRepository(UserEntity).createQueryBuilder('u').where('LOWER(u.username) = :n', { n: 'dave' }).getCount()).toBe(1);
    });
  });
});
