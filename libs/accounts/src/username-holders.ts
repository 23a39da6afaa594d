import type { EntityManager } from 'typeorm';

/** How many leading characters get their case variants enumerated on SQLite (2^n index ranges at most). */
const PREFIX_LETTERS = 3;

/**
 * The users whose name equals `username` ignoring case (usernames are ASCII), through the unique
 * index on `username`: MySQL's collation already ignores case; SQLite's index is binary, where
 * `LOWER(username) = ?` would read the whole table. Every case variant of a name lies, in binary
 * order, between its prefix followed by the upper-cased rest and the same prefix followed by the
 * lower-cased rest; so a few index ranges (one per case variant of the first letters) hold them all.
 */
export async function usernameHolders(m: EntityManager, username: string): Promise<{ id: string; username: string }[]> {
  const mysql = ['mysql', 'mariadb'].includes(m.connection.options.type);
  if (mysql) return m.query('SELECT `id`, `username` FROM `users` WHERE `username` = ?', [username]);
  const lower = username.toLowerCase();
  const prefixes = casePrefixes(lower.slice(0, PREFIX_LETTERS));
  const rest = lower.slice(PREFIX_LETTERS);
  const params: string[] = [];
  for (const prefix of prefixes) params.push(prefix + rest.toUpperCase(), prefix + rest);
  const ranges = prefixes.map(() => '("username" BETWEEN ? AND ?)').join(' OR ');
  const rows: { id: string; username: string }[] = await m.query(`SELECT "id", "username" FROM "users" WHERE ${ranges}`, params);
  return rows.filter((r) => r.username.toLowerCase() === lower);
}

function casePrefixes(prefix: string): string[] {
  let variants = [''];
  for (const ch of prefix) {
    const upper = ch.toUpperCase();
    variants = upper === ch ? variants.map((v) => v + ch) : variants.flatMap((v) => [v + ch, v + upper]);
  }
  return variants;
}
