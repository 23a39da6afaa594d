/**
 * A circuit breaker for a remote dependency: after `failures` failed calls in a row it opens
 * and every call is refused at once for `openSeconds`; then ONE call is let through (half open):
 * its success closes the breaker, its failure opens it again. A platform that is down is then
 * asked about once per period instead of once per sign-in attempt.
 */
export class CircuitBreaker {
  private consecutive = 0;
  private openUntil = 0;
  private trial = false;

  constructor(
    private readonly failures: number,
    private readonly openSeconds: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Whether a call may go out now (in half-open state only one at a time). */
  allow(): boolean {
    if (this.consecutive < this.failures) return true;
    if (this.now() < this.openUntil || this.trial) return false;
    this.trial = true;
    return true;
  }

  succeeded(): void {
    this.consecutive = 0;
    this.trial = false;
  }

  failed(): void {
    this.consecutive += 1;
    this.trial = false;
    if (this.consecutive >= this.failures) this.openUntil = this.now() + this.openSeconds * 1000;
  }

  get open(): boolean {
    return this.consecutive >= this.failures && this.now() < this.openUntil;
  }
}
