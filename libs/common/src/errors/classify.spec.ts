import { QueryFailedError } from 'typeorm';
import { isDatabaseUnavailable, toOAuthError } from './classify';
import { TemporarilyUnavailableError } from './oauth-errors';

/** The shapes mysql2 and TypeORM really produce (see node_modules/mysql2/lib). */
const statementTimeout = () => Object.assign(new Error('Query inactivity timeout'), { code: 'PROTOCOL_SEQUENCE_TIMEOUT', errorno: 'PROTOCOL_SEQUENCE_TIMEOUT', syscall: 'query' });
const acquireTimeout = () => Object.assign(new Error('No database connection became free within 1500 ms'), { code: 'POOL_ACQUIRE_TIMEOUT' });
const queueFull = () => new Error('Queue limit reached.');
const closedConnection = () => Object.assign(new Error("Can't add new command when connection is in closed state"), { fatal: true });

describe('isDatabaseUnavailable', () => {
  it('recognises the statement watchdog, raw and wrapped by TypeORM as a QueryFailedError', () => {
    expect(isDatabaseUnavailable(statementTimeout())).toBe(true);
    expect(isDatabaseUnavailable(new QueryFailedError('SELECT 1', [], statementTimeout()))).toBe(true);
  });

  it('recognises a bounded pool acquire: the acquire timeout and mysql2 refusing to queue more waiters', () => {
    expect(isDatabaseUnavailable(acquireTimeout())).toBe(true);
    expect(isDatabaseUnavailable(queueFull())).toBe(true);
    expect(isDatabaseUnavailable(new Error('No connections available.'))).toBe(true);
  });

  it('recognises a statement sent on a connection the watchdog destroyed (the ROLLBACK after it)', () => {
    expect(isDatabaseUnavailable(new QueryFailedError('ROLLBACK', [], closedConnection()))).toBe(true);
  });

  it('recognises a connection that never completes (frozen server) and one that drops', () => {
    expect(isDatabaseUnavailable(Object.assign(new Error('connect ETIMEDOUT'), { code: 'ETIMEDOUT' }))).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error('Connection lost: The server closed the connection.'), { code: 'PROTOCOL_CONNECTION_LOST' }))).toBe(true);
    expect(isDatabaseUnavailable({ cause: queueFull() })).toBe(true);
  });

  it('leaves ordinary statement failures alone (they are bugs or conflicts, not an outage)', () => {
    const duplicate = Object.assign(new Error("Duplicate entry 'x' for key 'PRIMARY'"), { code: 'ER_DUP_ENTRY', errno: 1062 });
    expect(isDatabaseUnavailable(new QueryFailedError('INSERT', [], duplicate))).toBe(false);
    expect(isDatabaseUnavailable(Object.assign(new Error('Deadlock found'), { code: 'ER_LOCK_DEADLOCK' }))).toBe(false);
    expect(isDatabaseUnavailable(new Error('Queue is empty'))).toBe(false);
    expect(isDatabaseUnavailable(new TypeError('x is undefined'))).toBe(false);
    expect(isDatabaseUnavailable(undefined)).toBe(false);
    expect(isDatabaseUnavailable('Queue limit reached.')).toBe(false);
  });
});

describe('toOAuthError', () => {
  it.each([
    ['the statement watchdog', () => new QueryFailedError('SELECT 1', [], statementTimeout())],
    ['the acquire timeout', acquireTimeout],
    ['a full pool queue', queueFull],
  ])('turns %s into temporarily_unavailable (503, Retry-After), not a logged server_error', (_name, make) => {
    const { oauth, unexpected } = toOAuthError(make());
    expect(unexpected).toBe(false);
    expect(oauth).toBeInstanceOf(TemporarilyUnavailableError);
    expect(oauth.status).toBe(503);
    expect(oauth.headers['Retry-After']).toBe('5');
  });

  it('still calls an unknown error a server_error', () => {
    const { oauth, unexpected } = toOAuthError(new Error('boom'));
    expect(unexpected).toBe(true);
    expect(oauth.error).toBe('server_error');
  });
});
