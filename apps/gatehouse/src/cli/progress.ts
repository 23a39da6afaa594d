import type { ImportProgress } from '@app/migration';

/** Where progress goes: stderr, and whether it is a terminal. */
export interface ProgressSink {
  write: (text: string) => void;
  tty: boolean;
}

/** On a terminal at most this often (ms); otherwise one line every PLAIN_EVERY_MS. */
const TTY_EVERY_MS = 200;
export const PLAIN_EVERY_MS = 10_000;
const BAR = 30;

/**
 * A long command's progress on stderr: on a terminal a bar redrawn in place with the rate and
 * the ETA (from the bytes read out of the file's size); otherwise a plain line every 10 s, so
 * that logs stay readable.
 */
export class ProgressReporter {
  private readonly started = Date.now();
  private last = 0;
  private latest?: ImportProgress;
  private drawn = false;
  private stale = false;

  constructor(private readonly sink: ProgressSink, private readonly totalBytes?: number) {}

  update(p: ImportProgress, now = Date.now()): void {
    this.latest = p;
    this.stale = true;
    if (now - this.last < (this.sink.tty ? TTY_EVERY_MS : PLAIN_EVERY_MS)) return;
    this.last = now;
    this.draw(now);
  }

  finish(): void {
    if (this.latest && this.stale) this.draw(Date.now());
    if (this.drawn && this.sink.tty) this.sink.write('\n');
  }

  private draw(now: number): void {
    const p = this.latest!;
    this.stale = false;
    const seconds = Math.max((now - this.started) / 1000, 0.001);
    const rate = p.lines / seconds;
    const fraction = this.totalBytes ? Math.min(p.bytes / this.totalBytes, 1) : undefined;
    const eta = fraction && fraction > 0 ? (seconds / fraction) * (1 - fraction) : undefined;
    const parts = [
      `${p.lines.toLocaleString('en-US')} lines`,
      `${Math.round(rate).toLocaleString('en-US')} lines/s`,
      fraction === undefined ? '' : `${(fraction * 100).toFixed(1)} %`,
      eta === undefined ? '' : `ETA ${clock(eta)}`,
      p.failed ? `${p.failed} with errors` : '',
    ].filter(Boolean);
    this.drawn = true;
    if (this.sink.tty) {
      const filled = Math.round((fraction ?? 0) * BAR);
      this.sink.write(`\r[${'#'.repeat(filled)}${'.'.repeat(BAR - filled)}] ${parts.join('  ')}\u001b[K`);
    } else {
      this.sink.write(`import: ${parts.join(', ')}\n`);
    }
  }
}

function clock(seconds: number): string {
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const pad = (n: number) => String(n).padStart(2, '0');
  return h ? `${h}:${pad(m)}:${pad(s % 60)}` : `${m}:${pad(s % 60)}`;
}
