import { CircuitBreaker } from './circuit-breaker';

describe(CircuitBreaker.name, () => {
  let clock = 0;
  const breaker = () => new CircuitBreaker(3, 10, () => clock);

  beforeEach(() => (clock = 1_000_000));

  it('stays closed below the failure count and resets on success', () => {
    const b = breaker();
    b.failed();
    b.failed();
    expect(b.allow()).toBe(true);
    b.succeeded();
    b.failed();
    b.failed();
    expect(b.allow()).toBe(true);
  });

  it('opens after N failures in a row, refuses for the period, then lets one trial through', () => {
    const b = breaker();
    for (let i = 0; i < 3; i++) b.failed();
    expect(b.open).toBe(true);
    expect(b.allow()).toBe(false);
    clock += 9_999;
    expect(b.allow()).toBe(false);
    clock += 2;
    expect(b.allow()).toBe(true);
    expect(b.allow()).toBe(false); // only one trial at a time
    b.failed();
    expect(b.allow()).toBe(false); // open again for another period
    clock += 10_001;
    expect(b.allow()).toBe(true);
    b.succeeded();
    expect(b.allow()).toBe(true);
    expect(b.allow()).toBe(true);
  });
});
