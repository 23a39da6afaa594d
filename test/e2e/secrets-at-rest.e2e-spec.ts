import { UsersService } from '../../libs/accounts/src';
import { startTestApp, TestApp } from '../support/app';
import { FlowSecrets, needlesOf, runSecretFlow } from '../support/hostile';

/**
 * PRODUCT.md "Secrets, codes and tokens are stored only as hashes" (checklist #27 context,
 * issue 7 "Secrets at rest"): after a full flow, no plain secret the flow saw is anywhere in the
 * database — every column of every table, found through the database's own catalogue so that a
 * table added later is scanned too.
 */
describe('secrets at rest', () => {
  let t: TestApp;
  let flow: FlowSecrets;
  beforeAll(async () => {
    t = await startTestApp({ env: { THROTTLE_REGISTRATION: '1000' } });
    flow = await runSecretFlow(t, async (username, password) => {
      await t.app.get(UsersService).create({ username, password, isAdmin: true }, { actor: 'test' });
    });
  });
  afterAll(async () => { await t.close(); });

  async function tableNames(): Promise<string[]> {
    const rows: { name: string }[] = t.db.kind === 'mysql'
      ? await t.dataSource.query('SELECT table_name AS name FROM information_schema.tables WHERE table_schema = DATABASE()')
      : await t.dataSource.query("SELECT name FROM sqlite_master WHERE type = 'table'");
    return rows.map((r) => r.name);
  }

  async function everyCell(): Promise<{ table: string; column: string; value: string }[]> {
    const cells: { table: string; column: string; value: string }[] = [];
    const quote = (name: string) => (t.db.kind === 'mysql' ? `\`${name}\`` : `"${name}"`);
    for (const table of await tableNames()) {
      const rows: Record<string, unknown>[] = await t.dataSource.query(`SELECT * FROM ${quote(table)}`);
      for (const row of rows) {
        for (const [column, value] of Object.entries(row)) {
          if (value === null || value === undefined) continue;
          const text = Buffer.isBuffer(value) ? `${value.toString('utf8')} ${value.toString('hex')}` : value instanceof Date ? value.toISOString() : String(value);
          cells.push({ table, column, value: text });
        }
      }
    }
    return cells;
  }

  it('the flow left rows in every table it touches (the scan has something to look at)', async () => {
    const tables = await tableNames();
    for (const table of ['users', 'clients', 'sessions', 'authorization_codes', 'access_tokens', 'refresh_tokens', 'consents', 'audit_events']) {
      expect(tables).toContain(table);
      const [{ n }] = await t.dataSource.query(`SELECT COUNT(*) AS n FROM ${table}`);
      expect(Number(n)).toBeGreaterThan(0);
    }
  });

  it('#27 no plain secret, code, token, session id, password or PKCE verifier is stored in any column of any table', async () => {
    expect(Object.keys(flow.secrets)).toEqual(expect.arrayContaining([
      'adminPassword', 'userPassword', 'adminToken', 'clientSecret', 'rotatedClientSecret', 'pkceVerifier', 'anonymousCsrf',
      'session0', 'code', 'unredeemedCode', 'accessToken1', 'refreshToken1', 'accessToken2', 'refreshToken2', 'clientCredentialsToken',
    ]));
    const cells = await everyCell();
    expect(cells.length).toBeGreaterThan(100);
    const found: string[] = [];
    for (const [name, secret] of Object.entries(flow.secrets)) {
      for (const needle of needlesOf(secret)) {
        for (const cell of cells) {
          if (cell.value.includes(needle)) found.push(`${name} in ${cell.table}.${cell.column}`);
        }
      }
    }
    expect(found).toEqual([]);
  });

  it('the scan would have found a plain secret (it is not vacuous)', async () => {
    await t.dataSource.query('UPDATE clients SET description = ? WHERE client_id = ?', [`leaked ${flow.secrets.rotatedClientSecret}`, flow.clientId]);
    const cells = await everyCell();
    expect(cells.some((c) => c.table === 'clients' && c.column === 'description' && c.value.includes(needlesOf(flow.secrets.rotatedClientSecret)[0]))).toBe(true);
    await t.dataSource.query('UPDATE clients SET description = NULL WHERE client_id = ?', [flow.clientId]);
  });
});
