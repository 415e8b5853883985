import { describe, expect, it } from 'vitest';
import { parseDuration, parseSize } from '../../agent/units.js';

describe('parseDuration', () => {
  it.each([
    ['500ms', 500],
    ['15s', 15_000],
    ['1m', 60_000],
    ['1h', 3_600_000],
    ['1h30m', 5_400_000],
    ['1.5s', 1500],
    ['24h', 86_400_000],
    ['60', 60_000],
    [' 2s ', 2000],
  ])('%s is %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['', 'abc', '5x', '1m2', 's', '-1s', '10 s'])('rejects %j with the field name', (text) => {
    expect(() => parseDuration(text, '--interval')).toThrow(/--interval: .* is not a duration/);
  });
});

describe('parseSize', () => {
  it.each([
    ['200MB', 200_000_000],
    ['1GiB', 1024 ** 3],
    ['4096', 4096],
    ['1.5kb', 1500],
    ['64M', 64 * 1024 * 1024],
  ])('%s is %d bytes', (text, n) => {
    expect(parseSize(text)).toBe(n);
  });

  it.each(['', 'lots', '10XB', 'MB'])('rejects %j', (text) => {
    expect(() => parseSize(text, '--max-disk')).toThrow(/--max-disk/);
  });
});
