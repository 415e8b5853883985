/** resolveHostAddresses against this machine's resolver: names, IP literals, names that do not resolve. */
import { describe, expect, it } from 'vitest';
import { resolveHostAddresses } from '../../../agent/db/resolve-host.js';

describe('resolveHostAddresses', () => {
  it('resolves localhost to a loopback address', async () => {
    const found = await resolveHostAddresses('localhost');
    expect(found.length).toBeGreaterThan(0);
    expect(found.some((a) => a === '127.0.0.1' || a === '::1')).toBe(true);
  });

  it('keeps an IP literal as its own address, lower case, and no host as none', async () => {
    expect(await resolveHostAddresses('10.1.2.3')).toEqual(['10.1.2.3']);
    expect(await resolveHostAddresses('FE80::1')).toEqual(['fe80::1']);
    expect(await resolveHostAddresses(null)).toEqual([]);
    expect(await resolveHostAddresses('')).toEqual([]);
  });

  it('gives no addresses for a name that does not resolve, without throwing', async () => {
    expect(await resolveHostAddresses('scout-no-such-host.invalid')).toEqual([]);
  });
});
