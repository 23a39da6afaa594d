import { EnvReader } from './env-reader';

export type DatabaseConfig =
  | { type: 'sqlite'; url: string; file: string /* ':memory:' for tests */; queryTimeoutMs?: number }
  | { type: 'mysql'; url: string; host: string; port: number; username: string; password: string; database: string; queryTimeoutMs?: number };

export const DEFAULT_DATABASE_URL = 'sqlite:./data/gatehouse.sqlite';

/** DATABASE_URL: `sqlite:<path>`, `sqlite::memory:` or `mysql://user:pass@host:port/db` (also `mariadb://`). */
export function readDatabaseConfig(env: EnvReader): DatabaseConfig {
  const url = env.string('DATABASE_URL', DEFAULT_DATABASE_URL);
  const config = parseDatabaseUrl(url, (msg) => env.problem(`DATABASE_URL ${msg}`));
  // A statement that has not answered by then is abandoned (its connection destroyed): a frozen
  // database server fails requests fast instead of hanging them.
  config.queryTimeoutMs = env.int('DB_QUERY_TIMEOUT_MS', 5000, 100, 600_000);
  return config;
}

export function parseDatabaseUrl(url: string, fail: (msg: string) => void): DatabaseConfig {
  if (url.startsWith('sqlite:')) {
    const file = url.slice('sqlite:'.length).replace(/^\/\//, '');
    if (!file) fail('needs a file after "sqlite:" (or ":memory:")');
    return { type: 'sqlite', url, file: file || ':memory:' };
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    fail(`"${redactPassword(url)}" is not a URL; use sqlite:<file>, sqlite::memory: or mysql://user:pass@host:3306/db`);
    return { type: 'sqlite', url, file: ':memory:' };
  }
  if (parsed.protocol !== 'mysql:' && parsed.protocol !== 'mariadb:') {
    fail(`scheme "${parsed.protocol}" is not supported; use sqlite: or mysql://`);
    return { type: 'sqlite', url, file: ':memory:' };
  }
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
  if (!/^[A-Za-z0-9_$-]{1,64}$/.test(database)) fail('must name a database, e.g. mysql://root@127.0.0.1:3306/gatehouse');
  return {
    type: 'mysql',
    url,
    host: parsed.hostname || '127.0.0.1',
    port: parsed.port ? Number(parsed.port) : 3306,
    username: decodeURIComponent(parsed.username || 'root'),
    password: decodeURIComponent(parsed.password),
    database,
  };
}

export function redactPassword(url: string): string {
  return url.replace(/\/\/([^:/@]*):[^@]*@/, '//$1:***@');
}
