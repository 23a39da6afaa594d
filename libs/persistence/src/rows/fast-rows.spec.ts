import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from '../data-source-options';
import { ClientEntity } from '../entities';
import { findRowBy, findRowsMatching, insertRow, insertRows } from './fast-rows';

const QUIET = { logQuery() {}, logQueryError() {}, logQuerySlow() {}, logSchemaBuild() {}, logMigration() {}, log() {} };

describe('fast rows (insertRow / findRowBy)', () => {
  let dataSource: DataSource;
  beforeAll(async () => {
    dataSource = await new DataSource(buildDataSourceOptions({ type: 'sqlite', url: 'sqlite::memory:', file: ':memory:' }, { logger: QUIET })).initialize();
  });
  afterAll(async () => { await dataSource.destroy(); });

  const client = (id: string): ClientEntity => Object.assign(new ClientEntity(), {
    id, clientId: `c-${id}`, secretHash: null, clientName: 'Fast', description: null, ownerName: null,
    redirectUris: ['https://a.example/cb', 'https://b.example/cb'], postLogoutRedirectUris: [], scope: 'profile',
    grantTypes: ['authorization_code'], tokenEndpointAuthMethod: 'none', requirePkce: true, status: 'approved',
    accessTokenTtl: 60, refreshTokenTtl: null, codeTtl: null, tokenFormat: 'jwt', sopPublicKey: null, registeredBy: null,
    createdAt: new Date('2026-01-02T03:04:05.678Z'), updatedAt: new Date('2026-01-02T03:04:05.678Z'),
  });

  it('writes and reads a row exactly as TypeORM\'s repository does: dates, booleans, JSON, numbers, nulls', async () => {
    const row = client('11111111-1111-1111-1111-111111111111');
    await insertRow(dataSource.manager, ClientEntity, row);
    const viaTypeorm = await dataSource.getRepository(ClientEntity).findOneBy({ clientId: row.clientId });
    const viaFast = await findRowBy(dataSource.manager, ClientEntity, { clientId: row.clientId });
    expect(viaFast).toBeInstanceOf(ClientEntity);
    expect(viaFast).toEqual(viaTypeorm);
    expect(viaFast).toMatchObject({ redirectUris: row.redirectUris, requirePkce: true, accessTokenTtl: 60, refreshTokenTtl: null, createdAt: row.createdAt });
  });

  it('leaves the columns a row has no value for to their defaults, and matches every given property', async () => {
    const row = client('22222222-2222-2222-2222-222222222222') as Partial<ClientEntity>;
    delete row.refreshGraceSeconds;
    delete row.requirePkce;
    await insertRow(dataSource.manager, ClientEntity, row as ClientEntity);
    expect(await findRowBy(dataSource.manager, ClientEntity, { clientId: row.clientId!, status: 'approved' })).toMatchObject({ requirePkce: false, refreshGraceSeconds: 0 });
    expect(await findRowBy(dataSource.manager, ClientEntity, { clientId: row.clientId!, status: 'suspended' })).toBeNull();
    expect(await findRowBy(dataSource.manager, ClientEntity, { clientId: 'nobody' })).toBeNull();
  });
  it('insertRows / findRowsMatching: many rows in statements under the variable limit, read back as findRowBy reads one', async () => {
    // 25 columns × 1,500 rows: 37,500 variables, over SQLite's 32,766 in one statement.
    const rows = Array.from({ length: 1500 }, (_, i) => client(`bulk-${String(i).padStart(5, '0')}`));
    await insertRows(dataSource.manager, ClientEntity, rows);
    const read = await findRowsMatching(dataSource.manager, ClientEntity, rows.map((r) => ({ clientId: r.clientId })));
    expect(read).toHaveLength(1500);
    expect(read.find((r) => r.id === 'bulk-00007')).toEqual(await findRowBy(dataSource.manager, ClientEntity, { clientId: 'c-bulk-00007' }));
    const pairs = await findRowsMatching(dataSource.manager, ClientEntity, [{ clientId: 'c-bulk-00001', status: 'approved' }, { clientId: 'c-bulk-00002', status: 'suspended' }], ['id']);
    expect(pairs.map((r) => r.id)).toEqual(['bulk-00001']);
    expect(await findRowsMatching(dataSource.manager, ClientEntity, [])).toEqual([]);
  });
});
