// Fills a Gatehouse database with a platform's volume of data before a benchmark (`npm run bench
// -- --at-scale`): users, approved channels, access tokens and refresh tokens, written straight
// into the tables in large batches (the server is stopped meanwhile; its migrations made the
// schema). A fifth of the tokens have expired an hour ago, so the purge job has work.
// Then it reports the database's size and the query plans of the statements on the hot paths.
import { createHash } from 'node:crypto';
import { statSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export const AT_SCALE = { users: 1_000_000, channels: 10_000, access: 10_000_000, refresh: 10_000_000 };
export const AT_SCALE_SMOKE = { users: 2_000, channels: 20, access: 10_000, refresh: 10_000 };

const pad = (n) => n.toString(16).padStart(12, '0');
const userId = (i) => `00000000-0000-4000-8000-${pad(i)}`;
const clientId = (i) => `bench-channel-${i}`;
const tokenId = (kind, i) => `${kind === 'access' ? 'a' : 'b'}0000000-0000-4000-8000-${pad(i)}`;
/** A token's stored hash, derived from its kind and number so that a plan can look up a real one. */
const tokenHash = (kind, i) => createHash('sha256').update(`${kind}-${i}`).digest('hex');
/** TypeORM's datetime(3) text form, in UTC: what both drivers store. */
const dt = (ms) => new Date(ms).toISOString().replace('T', ' ').replace('Z', '');

function rows(counts, now) {
  const hour = 3_600_000;
  const passwordHash = '$argon2id$v=19$m=19456,t=2,p=1$YmVuY2gtc2FsdC0xMjM0$2J4d2xW0pQ0pZ0cQnE1b5qQx3k7m9s1u3w5y7A9C1E3';
  return {
    users: {
      columns: ['id', 'username', 'password_hash', 'display_name', 'is_admin', 'disabled', 'created_at', 'updated_at'],
      count: counts.users,
      row: (i) => [userId(i), `bench-user-${i}`, passwordHash, `Bench User ${i}`, 0, 0, dt(now), dt(now)],
    },
    clients: {
      columns: ['id', 'client_id', 'secret_hash', 'client_name', 'redirect_uris', 'post_logout_redirect_uris', 'scope', 'grant_types',
        'token_endpoint_auth_method', 'require_pkce', 'status', 'refresh_grace_seconds', 'token_format', 'created_at', 'updated_at'],
      count: counts.channels,
      row: (i) => [`c0000000-0000-4000-8000-${pad(i)}`, clientId(i), createHash('sha256').update(`bench-secret-${i}`).digest('hex'), `Bench Channel ${i}`,
        '["http://localhost:9/cb"]', '[]', 'user_id_read profile', '["authorization_code","refresh_token","client_credentials"]',
        'client_secret_basic', 0, 'approved', 0, 'opaque', dt(now), dt(now)],
    },
    consents: {
      columns: ['id', 'user_id', 'client_id', 'scope', 'created_at', 'updated_at'],
      count: counts.users,
      row: (i) => [`d0000000-0000-4000-8000-${pad(i)}`, userId(i), clientId(i % counts.channels), 'user_id_read profile', dt(now), dt(now)],
    },
    access_tokens: {
      columns: ['id', 'token_hash', 'client_id', 'user_id', 'scope', 'grant_id', 'refresh_token_id', 'expires_at', 'created_at'],
      count: counts.access,
      row: (i) => {
        const expired = i % 5 === 0;
        return [tokenId('access', i), tokenHash('access', i), clientId(i % counts.channels), userId(i % counts.users), 'user_id_read profile',
          `g0000000-0000-4000-8000-${pad(i)}`, tokenId('refresh', i % counts.refresh),
          dt(expired ? now - 2 * hour : now + ((i * 7919) % hour)), dt(now - 3 * hour + ((i * 104_729) % (3 * hour)))];
      },
    },
    refresh_tokens: {
      columns: ['id', 'token_hash', 'client_id', 'user_id', 'scope', 'grant_id', 'expires_at', 'auth_time', 'created_at'],
      count: counts.refresh,
      row: (i) => {
        const expired = i % 5 === 0;
        return [tokenId('refresh', i), tokenHash('refresh', i), clientId(i % counts.channels), userId(i % counts.users), 'user_id_read profile',
          `g0000000-0000-4000-8000-${pad(i)}`, dt(expired ? now - 30 * hour : now + 30 * 24 * hour), dt(now - 3 * hour), dt(now - 3 * hour)];
      },
    },
  };
}

/** Writes the rows; `log` gets a line per table with its rate. */
export async function prefill({ db, file, mysqlUrl, counts, log = () => {} }) {
  const now = Date.now();
  const tables = rows(counts, now);
  const sink = db === 'sqlite' ? sqliteSink(file) : await mysqlSink(mysqlUrl);
  try {
    for (const [table, spec] of Object.entries(tables)) {
      const started = Date.now();
      await sink.insertAll(table, spec.columns, spec.count, spec.row, (done) => {
        if (done % 1_000_000 === 0) log(`  ${table}: ${done.toLocaleString('en')} / ${spec.count.toLocaleString('en')}`);
      });
      const s = (Date.now() - started) / 1000;
      log(`${table}: ${spec.count.toLocaleString('en')} rows in ${s.toFixed(1)} s (${Math.round(spec.count / s).toLocaleString('en')} rows/s)`);
    }
    await sink.finish();
    return { size: await sink.size(), plans: await sink.plans(HOT_STATEMENTS) };
  } finally {
    await sink.close();
  }
}

/** Size and plans of an already filled database (ANALYZEd first), for a fill that was cut short. */
export async function describeFilled({ db, file, mysqlUrl }) {
  const sink = db === 'sqlite' ? sqliteSink(file) : await mysqlSink(mysqlUrl);
  try {
    await sink.finish();
    return { size: await sink.size(), plans: await sink.plans(HOT_STATEMENTS), counts: await sink.counts() };
  } finally {
    await sink.close();
  }
}

/** The statements every request of W1–W4 makes or the purge job runs, with a sample argument. */
export const HOT_STATEMENTS = [
  ['bearer check: access token by hash', 'SELECT * FROM access_tokens WHERE token_hash = ?', [tokenHash('access', 7)]],
  ['refresh grant: refresh token by hash', 'SELECT * FROM refresh_tokens WHERE token_hash = ?', [tokenHash('refresh', 7)]],
  ['client authentication: channel by client_id', 'SELECT * FROM clients WHERE client_id = ?', ['bench-channel-1']],
  ['user by id', 'SELECT * FROM users WHERE id = ?', [userId(1)]],
  ['consent by user and channel', 'SELECT * FROM consents WHERE user_id = ? AND client_id = ?', [userId(1), clientId(1)]],
  ['rotation: retire the access tokens of a refresh token', 'UPDATE access_tokens SET revoked_at = ? WHERE refresh_token_id = ? AND revoked_at IS NULL', ['2030-01-01 00:00:00.000', tokenId('refresh', 1)]],
  ['reuse: revoke a grant family', 'UPDATE refresh_tokens SET revoked_at = ? WHERE grant_id = ? AND revoked_at IS NULL', ['2030-01-01 00:00:00.000', 'g-1']],
  ['purge: expired access tokens', 'SELECT id FROM access_tokens WHERE expires_at < ? LIMIT 500', ['2020-01-01 00:00:00.000']],
  ['purge: revoked access tokens', 'SELECT id FROM access_tokens WHERE revoked_at < ? LIMIT 500', ['2020-01-01 00:00:00.000']],
  ['purge: expired refresh tokens', 'SELECT id FROM refresh_tokens WHERE expires_at < ? LIMIT 500', ['2020-01-01 00:00:00.000']],
  ['purge: revoked refresh tokens', 'SELECT id FROM refresh_tokens WHERE revoked_at < ? LIMIT 500', ['2020-01-01 00:00:00.000']],
  ['purge: change feed range', 'SELECT MIN(id), MAX(id) FROM change_events WHERE at < ?', ['2020-01-01 00:00:00.000']],
];

function sqliteSink(file) {
  const Database = require('better-sqlite3');
  const conn = new Database(file);
  conn.pragma('journal_mode = WAL');
  conn.pragma('synchronous = OFF');
  conn.pragma('cache_size = -262144'); // 256 MB while filling
  return {
    async insertAll(table, columns, count, row, progress) {
      const insert = conn.prepare(`INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`);
      const batch = conn.transaction((from, to) => { for (let i = from; i < to; i++) insert.run(row(i)); });
      for (let from = 0; from < count; from += 50_000) {
        batch(from, Math.min(count, from + 50_000));
        progress(Math.min(count, from + 50_000));
      }
    },
    async finish() {
      conn.pragma('wal_checkpoint(TRUNCATE)');
      conn.exec('ANALYZE');
    },
    async counts() {
      const n = (t) => conn.prepare(`SELECT COUNT(*) AS n FROM ${t}`).get().n;
      return { users: n('users'), channels: n('clients'), access: n('access_tokens'), refresh: n('refresh_tokens') };
    },
    async size() {
      const mb = (f) => (existsSync(f) ? statSync(f).size : 0) / 1048576;
      return `${(mb(file) + mb(`${file}-wal`)).toFixed(0)} MB (SQLite file)`;
    },
    async plans(statements) {
      return statements.map(([what, sql, args]) => {
        const plan = conn.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...args);
        return { what, sql, plan: plan.map((p) => p.detail).join('; ') };
      });
    },
    async close() { conn.close(); },
  };
}

async function mysqlSink(url) {
  const mysql = require('mysql2/promise');
  const u = new URL(url);
  const conn = await mysql.createConnection({
    host: u.hostname, port: Number(u.port || 3306), user: decodeURIComponent(u.username || 'root'),
    password: decodeURIComponent(u.password), database: u.pathname.slice(1), multipleStatements: false,
  });
  await conn.query('SET SESSION unique_checks = 0, foreign_key_checks = 0');
  return {
    async insertAll(table, columns, count, row, progress) {
      // Statements of 2,000 rows, 25 to a transaction (one log flush per 50,000 rows).
      const per = 2_000;
      for (let from = 0; from < count; from += per) {
        if (from % 50_000 === 0) await conn.query('START TRANSACTION');
        const values = [];
        for (let i = from; i < Math.min(count, from + per); i++) values.push(row(i));
        await conn.query(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ?`, [values]);
        if ((from + per) % 50_000 === 0 || from + per >= count) {
          await conn.query('COMMIT');
          progress(Math.min(count, from + per));
        }
      }
    },
    async finish() {
      for (const t of ['users', 'clients', 'consents', 'access_tokens', 'refresh_tokens']) await conn.query(`ANALYZE TABLE ${t}`);
    },
    async counts() {
      const n = async (t) => Number((await conn.query(`SELECT COUNT(*) AS n FROM ${t}`))[0][0].n);
      return { users: await n('users'), channels: await n('clients'), access: await n('access_tokens'), refresh: await n('refresh_tokens') };
    },
    async size() {
      const [r] = await conn.query('SELECT SUM(data_length + index_length) AS bytes FROM information_schema.tables WHERE table_schema = DATABASE()');
      return `${(Number(r[0].bytes) / 1048576).toFixed(0)} MB (InnoDB data + indexes)`;
    },
    async plans(statements) {
      const out = [];
      for (const [what, sql, args] of statements) {
        const [plan] = await conn.query(`EXPLAIN ${sql}`, args);
        out.push({ what, sql, plan: plan.map((p) => `${p.table}: ${p.type}${p.key ? ` via ${p.key}` : ''}, rows ${p.rows}${p.Extra ? `, ${p.Extra}` : ''}`).join('; ') });
      }
      return out;
    },
    async close() { await conn.end(); },
  };
}

/** The report section: size and one line per hot statement. */
export function renderPrefill(db, counts, result) {
  const lines = [
    `\nAt scale (${db}): ${Object.entries(counts).map(([k, v]) => `${v.toLocaleString('en')} ${k}`).join(', ')}; database ${result.size}.\n`,
    '| statement | query plan |', '|---|---|',
    ...result.plans.map((p) => `| ${p.what} | ${p.plan.replace(/\|/g, '/')} |`),
  ];
  return `${lines.join('\n')}\n`;
}
