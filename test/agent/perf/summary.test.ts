import { describe, expect, it } from 'vitest';
import { percentile, summarize } from '../../../agent/perf/summary.js';

describe('percentile', () => {
  const sorted = Array.from({ length: 101 }, (_, i) => i);
  it.each([
    [0, 0],
    [50, 50],
    [95, 95],
    [99, 99],
    [100, 100],
  ])('p%d of 0..100 is %d', (p, want) => {
    expect(percentile(sorted, p)).toBe(want);
  });

  it('interpolates between ranks', () => {
    expect(percentile([10, 20], 50)).toBe(15);
    expect(percentile([1, 2, 3, 4], 95)).toBeCloseTo(3.85, 10);
  });

  it('is NaN for no values', () => {
    expect(percentile([], 50)).toBeNaN();
  });
});

describe('summarize', () => {
  it('gives count, min, avg, percentiles and max of unsorted input', () => {
    expect(summarize([5, 1, 3, 2, 4])).toEqual({ count: 5, min: 1, avg: 3, p50: 3, p95: 4.8, p99: 4.96, max: 5 });
  });
  it('handles one value and none', () => {
    expect(summarize([7])).toEqual({ count: 1, min: 7, avg: 7, p50: 7, p95: 7, p99: 7, max: 7 });
    expect(summarize([]).count).toBe(0);
  });
});
