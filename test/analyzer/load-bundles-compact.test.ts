/** loadBundles' compact: per-sample totals kept exactly, per-core/device/interface series dropped, filesystems summed, package list dropped (count kept). */
import path from 'node:path';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { FOLDED_FILESYSTEMS, loadBundles } from '../../analyzer/load-bundles.js';
import { ROOT } from '../helpers/agent-cli.js';

const FIXTURE = path.join(ROOT, 'test/fixtures/bundles/v1-collect-debian12.scout.json.gz');
const log = pino({ level: 'silent' });

describe('loadBundles compact', () => {
  it('keeps every total the analyzer reads and folds the filesystems', async () => {
    const full = (await loadBundles([FIXTURE], log)).hosts[0]!.bundles[0]!.host!.performance.samples;
    const compact = (await loadBundles([FIXTURE], log, { compact: true })).hosts[0]!.bundles[0]!.host!.performance.samples;
    const compactInventory = (await loadBundles([FIXTURE], log, { compact: true })).hosts[0]!.bundles[0]!.host!.inventory!;
    expect(compactInventory.packages).toMatchObject({ items: [] });
    expect(compactInventory.packages!.count).toBeGreaterThan(0);
    expect(full.length).toBeGreaterThan(0);
    expect(compact).toHaveLength(full.length);
    // The fixture has per-core, per-device and per-filesystem detail, so the test means something.
    expect(full.some((s) => s.cpu.perCorePct.length > 0 && Object.keys(s.filesystems).length > 0)).toBe(true);
    full.forEach((s, i) => {
      const c = compact[i]!;
      expect(c.t).toBe(s.t);
      expect(c.cpu.totalPct).toBe(s.cpu.totalPct);
      expect(c.cpu.perCorePct).toEqual([]);
      expect(c.memory).toEqual(s.memory);
      expect(c.load).toEqual(s.load);
      expect(c.disk).toEqual({ total: s.disk.total, devices: {} });
      expect(c.network).toEqual({ total: s.network.total, interfaces: {} });
      const fs = Object.values(s.filesystems);
      expect(c.filesystems).toEqual({
        [FOLDED_FILESYSTEMS]: { sizeBytes: fs.reduce((a, f) => a + f.sizeBytes, 0), usedBytes: fs.reduce((a, f) => a + f.usedBytes, 0) },
      });
    });
  });
});
