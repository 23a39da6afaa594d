/** InnoDB picks a victim when two transactions wait on each other's row locks. */
const LOCK_CODES = new Set(['ER_LOCK_DEADLOCK', 'ER_LOCK_WAIT_TIMEOUT']);
const LOCK_ERRNOS = new Set([1213, 1205]);

export function isLockConflict(err: unknown): boolean {
  let current: unknown = err;
  for (let depth = 0; current && typeof current === 'object' && depth < 3; depth++) {
    const e = current as { code?: string; errno?: number; driverError?: unknown };
    if ((e.code && LOCK_CODES.has(e.code)) || (e.errno !== undefined && LOCK_ERRNOS.has(e.errno))) return true;
    current = e.driverError;
  }
  return false;
}
