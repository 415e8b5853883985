/** toJsonValue: driver values to bundle JSON; plain JSON (json and array columns) kept as it is, anything else copied and converted. */
import { describe, expect, it } from 'vitest';
import { toJsonValue } from '../../../agent/db/query-recorder.js';

describe('toJsonValue', () => {
  it('keeps plain JSON values as they are (no copy)', () => {
    const columns = [{ position: 1, column: 'id', expression: null, key: true, descending: false, opclass: 'int8_ops' }, { position: 2, column: 'Café "x"', nested: { a: [1, 'b', null] } }];
    expect(toJsonValue(columns, 100)).toBe(columns);
    const names = ['a', 'b', null];
    expect(toJsonValue(names, 100)).toBe(names);
    const bare = Object.assign(Object.create(null) as object, { k: 'v' });
    expect(toJsonValue(bare, 100)).toBe(bare);
  });

  it('copies and converts what is not plain JSON, at any depth', () => {
    const long = { parts: [{ text: 'x'.repeat(12) }] };
    expect(toJsonValue(long, 10)).toEqual({ parts: [{ text: `${'x'.repeat(10)}…[truncated]` }] });
    expect(long.parts[0]!.text).toHaveLength(12);
    expect(toJsonValue([new Date('2024-01-02T03:04:05Z'), undefined, Number.NaN, 5n], 100)).toEqual(['2024-01-02T03:04:05.000Z', null, 'NaN', '5']);
    class Interval {
      hours = 2;
      minutes = 30;
    }
    const converted = toJsonValue({ every: new Interval() }, 100);
    expect(converted).toEqual({ every: { hours: 2, minutes: 30 } });
    expect(Object.getPrototypeOf((converted as { every: object }).every)).toBe(Object.prototype);
    expect(toJsonValue({ bin: Buffer.from([0, 1, 2]) }, 100)).toEqual({ bin: 'base64:AAEC' });
  });

  it('copies a value nested deeper than it checks, rather than walking it to the end', () => {
    let deep: unknown = 'leaf';
    for (let i = 0; i < 40; i++) deep = [deep];
    const out = toJsonValue(deep, 100);
    expect(out).not.toBe(deep);
    expect(JSON.stringify(out)).toBe(JSON.stringify(deep));
  });
});
