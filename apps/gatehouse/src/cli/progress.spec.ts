import { PLAIN_EVERY_MS, ProgressReporter } from './progress';

describe(ProgressReporter.name, () => {
  it('on a terminal: a bar redrawn in place with rate, percentage and ETA', () => {
    const out: string[] = [];
    const r = new ProgressReporter({ write: (s) => out.push(s), tty: true }, 1000);
    r.update({ lines: 500, bytes: 500, failed: 0 }, Date.now() + 10_000);
    expect(out[0]).toMatch(/^\r\[#{15}\.{15}\] 500 lines {2}\d+ lines\/s {2}50\.0 % {2}ETA 0:\d\d\u001b\[K$/);
    r.finish();
    expect(out[out.length - 1]).toBe('\n');
  });

  it('otherwise: a plain line at most every 10 s, and the last state at the end', () => {
    const out: string[] = [];
    const r = new ProgressReporter({ write: (s) => out.push(s), tty: false }, 1000);
    const t0 = Date.now();
    r.update({ lines: 100, bytes: 100, failed: 0 }, t0 + PLAIN_EVERY_MS);
    r.update({ lines: 200, bytes: 200, failed: 1 }, t0 + PLAIN_EVERY_MS + 1000);
    expect(out).toHaveLength(1);
    expect(out[0]).toMatch(/^import: 100 lines, \d+ lines\/s, 10\.0 %, ETA \d+:\d\d\n$/);
    r.finish();
    expect(out).toHaveLength(2);
    expect(out[1]).toMatch(/^import: 200 lines, .*1 with errors\n$/);
  });
});
