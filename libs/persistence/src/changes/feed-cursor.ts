/** How long a missing event id is still looked for: longer than any transaction may stay open. */
export const GAP_WAIT_MS = 30_000;
/** A bound on the ids remembered as missing (a burst of rolled-back transactions). */
const MAX_GAPS = 1_000;

/**
 * Where an instance stands in the change feed.
 *
 * Ids are handed out when a row is inserted, but transactions commit in their own order: a reader
 * can see event 12 while event 11's transaction is still open. Reading only "after the highest
 * id seen" would skip 11 for good. So the ids skipped over are remembered as gaps and asked for
 * again on every poll until they show up or GAP_WAIT_MS has passed (a rolled-back transaction
 * leaves a gap that never fills).
 */
export class FeedCursor {
  private last = 0;
  private readonly gaps = new Map<number, number>();

  start(lastId: number): void {
    this.last = lastId;
    this.gaps.clear();
  }

  /** What to read next: ids after `after`, and the gaps still awaited. */
  query(now: number): { after: number; gaps: number[] } {
    for (const [id, since] of this.gaps) if (now - since > GAP_WAIT_MS) this.gaps.delete(id);
    return { after: this.last, gaps: [...this.gaps.keys()] };
  }

  /** The ids a poll read (ascending or not). */
  saw(ids: number[], now: number): void {
    for (const id of ids) {
      if (id <= this.last) {
        this.gaps.delete(id);
        continue;
      }
      for (let missing = this.last + 1; missing < id && this.gaps.size < MAX_GAPS; missing++) this.gaps.set(missing, now);
      this.last = id;
    }
  }

  get position(): { last: number; gaps: number[] } {
    return { last: this.last, gaps: [...this.gaps.keys()] };
  }
}
