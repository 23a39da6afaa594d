import type { EntityManager } from 'typeorm';

/** How many leading letters get their case variants enumerated on SQLite (2^n index ranges at most). */
const PREFIX_LETTERS = 6;

/**
 * The users whose name equals `username` ignoring case (usernames are ASCII), through the unique
 * index on `username`: MySQL's collation already ignores case; SQLite's index is binary, where
 * `LOWER(username) = ?` would read the whole table. Every case variant of a name lies, in binary
 * order, between its prefix followed by the upper-cased rest and the same prefix followed by the
 * lower-cased rest; so a few index ranges (one per case variant of the prefix that holds the first
 * PREFIX_LETTERS letters) hold them all, each range a single name when the rest has no letter.
 */
export async function usernameHolders(m: EntityManager, username: string): Promise<{ id: string; username: string }[]> {
  const mysql = ['mysql', 'mariadb'].includes(m.connection.options.type);
  if (mysql) return m.query('SELECT `id`, `username` FROM `users` WHERE `username` = ?', [username]);
  const lower = username.toLowerCase();
  const cut = prefixLength(lower);
  const prefixes = casePrefixes(lower.slice(0, cut));
  const rest = lower.slice(cut);
  let rows: { id: string; username: string }[];
  if (rest === rest.toUpperCase()) {
    // No letter after the prefix: the variants are exact names.
    rows = await m.query(`SELECT "id", "username" FROM "users" WHERE "username" IN (${prefixes.map(() => '?').join(', ')})`, prefixes.map((p) => p + rest));
  } else {
    const params: string[] = [];
    for (const prefix of prefixes) params.push(prefix + rest.toUpperCase(), prefix + rest);
    rows = await m.query(`SELECT "id", "username" FROM "users" WHERE ${prefixes.map(() => '("username" BETWEEN ? AND ?)').join(' OR ')}`, params);
  }
  return rows.filter((r) => r.username.toLowerCase() === lower);
}

/**
 * usernameHolders for several names: the ids holding each name, by lower-cased name. MySQL: one
 * `IN (…)` read (its collation ignores case); SQLite outside a run: one lookup per name.
 */
export async function usernameHoldersOfMany(m: EntityManager, usernames: readonly string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  const add = (name: string, id: string) => out.set(name.toLowerCase(), [...(out.get(name.toLowerCase()) ?? []), id]);
  if (['mysql', 'mariadb'].includes(m.connection.options.type)) {
    for (let i = 0; i < usernames.length; i += 5000) {
      const names = usernames.slice(i, i + 5000);
      const rows: { id: string; username: string }[] = await m.query(`SELECT \`id\`, \`username\` FROM \`users\` WHERE \`username\` IN (${names.map(() => '?').join(', ')})`, names);
      for (const r of rows) add(r.username, r.id);
    }
    return out;
  }
  for (const name of usernames) for (const r of await usernameHolders(m, name)) add(r.username, r.id);
  return out;
}

/** The length of the shortest prefix holding PREFIX_LETTERS letters (or the whole name). */
function prefixLength(name: string): number {
  let letters = 0;
  for (let i = 0; i < name.length; i++) {
    if (name[i] >= 'a' && name[i] <= 'z' && ++letters === PREFIX_LETTERS) return i + 1;
  }
  return name.length;
}

function casePrefixes(prefix: string): string[] {
  let variants = [''];
  for (const ch of prefix) {
    const upper = ch.toUpperCase();
    variants = upper === ch ? variants.map((v) => v + ch) : variants.flatMap((v) => [v + ch, v + upper]);
  }
  return variants;
}

/**
 * SQLite during an import run: the lower-cased name of every user in a TEMP table of the (single)
 * connection, built with one scan when the run begins and kept up to date by the run's own
 * writes (inside its savepoints, so a failed line takes its key back with it). A lookup is one
 * probe where usernameHolders needs up to 2^PREFIX_LETTERS. Null on MySQL, whose collation
 * already ignores case. A user created by another process while the run goes on is not in it;
 * the server's own creation check (LOWER over the table) still sees the imported ones.
 */
export class UsernameKeys {
  static async build(m: EntityManager): Promise<UsernameKeys | null> {
    if (m.connection.options.type !== 'better-sqlite3') return null;
    await m.query('DROP TABLE IF EXISTS temp.import_username_keys');
    await m.query('CREATE TEMP TABLE import_username_keys (lower_name TEXT NOT NULL, user_id TEXT NOT NULL, PRIMARY KEY (lower_name, user_id)) WITHOUT ROWID');
    await m.query('INSERT INTO temp.import_username_keys (lower_name, user_id) SELECT LOWER("username"), "id" FROM "users"');
    return new UsernameKeys();
  }

  async holders(m: EntityManager, username: string): Promise<{ id: string; username: string }[]> {
    const rows: { user_id: string }[] = await m.query('SELECT user_id FROM temp.import_username_keys WHERE lower_name = ?', [username.toLowerCase()]);
    return rows.map((r) => ({ id: r.user_id, username }));
  }

  /** The holders of several names, by lower-cased name (one read). */
  async holdersOfMany(m: EntityManager, usernames: readonly string[]): Promise<Map<string, string[]>> {
    const out = new Map<string, string[]>();
    const lower = [...new Set(usernames.map((u) => u.toLowerCase()))];
    for (let i = 0; i < lower.length; i += 5000) {
      const names = lower.slice(i, i + 5000);
      const rows: { lower_name: string; user_id: string }[] = await m.query(
        `SELECT lower_name, user_id FROM temp.import_username_keys WHERE lower_name IN (${names.map(() => '?').join(', ')})`, names);
      for (const r of rows) out.set(r.lower_name, [...(out.get(r.lower_name) ?? []), r.user_id]);
    }
    return out;
  }

  async add(m: EntityManager, users: readonly { username: string; userId: string }[]): Promise<void> {
    for (let i = 0; i < users.length; i += 5000) {
      const chunk = users.slice(i, i + 5000);
      await m.query(`INSERT OR IGNORE INTO temp.import_username_keys (lower_name, user_id) VALUES ${chunk.map(() => '(?, ?)').join(', ')}`,
        chunk.flatMap((u) => [u.username.toLowerCase(), u.userId]));
    }
  }

  async rename(m: EntityManager, from: string, to: string, userId: string): Promise<void> {
    await m.query('DELETE FROM temp.import_username_keys WHERE lower_name = ? AND user_id = ?', [from.toLowerCase(), userId]);
    await this.add(m, [{ username: to, userId }]);
  }

  async drop(m: EntityManager): Promise<void> {
    await m.query('DROP TABLE IF EXISTS temp.import_username_keys');
  }
}
