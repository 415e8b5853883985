/**
 * The payload fixture itself: the hostile databases exist on both servers and the agent
 * collects their names, comments and defaults byte for byte, so the XSS test really feeds
 * the payloads to the report; the hostile host bundle is a valid bundle.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { validateBundle } from '../../agent/bundle/index.js';
import { collectBundle, dropDatabase, type Engine } from '../helpers/db-roundtrip.js';
import { LONG_PAYLOAD, PAYLOAD, PAYLOAD_COLUMNS, PAYLOAD_HOSTNAME, PAYLOAD_TABLE, PAYLOAD_VIEW, createPayloadDatabase, payloadHostBundle } from './helpers/payload.js';

const created: [Engine, string][] = [];
afterAll(async () => {
  for (const [engine, name] of created) await dropDatabase(engine, name);
});

describe('payload fixture', () => {
  it('the host bundle is valid and carries the payloads where the report shows host data', () => {
    const b = payloadHostBundle();
    expect(validateBundle(b).ok).toBe(true);
    expect(b.agent.hostname).toBe(PAYLOAD_HOSTNAME);
    const host = b.host!;
    expect(host.processes.some((p) => p.cmdline === LONG_PAYLOAD && p.name === PAYLOAD.rtl)).toBe(true);
    expect(host.listening.some((l) => l.process === PAYLOAD.img)).toBe(true);
    expect(host.connections.filter((c) => c.remoteAddress === PAYLOAD.script).map((c) => c.direction).sort()).toEqual(['inbound', 'outbound']);
    expect(host.inventory!.filesystems.some((f) => f.mount === `/mnt/${PAYLOAD.script}` && f.device === PAYLOAD.jsUrl)).toBe(true);
    expect(LONG_PAYLOAD.length).toBeGreaterThan(100 * 1024);
  });

  it.each(['mysql', 'postgres'] as const)('%s: the collected catalog holds the payload names, comments and defaults verbatim', async (engine) => {
    const name = await createPayloadDatabase(engine);
    created.push([engine, name]);
    const bundle = await collectBundle(engine, [name]);
    const db = bundle.databases!.servers[0]!.databases.find((d) => d.name === name)!;
    const json = JSON.stringify(db.rows);
    for (const s of [PAYLOAD_TABLE, ...PAYLOAD_COLUMNS, PAYLOAD_VIEW, PAYLOAD.formula, PAYLOAD.pwnScript]) expect(json, s).toContain(JSON.stringify(s).slice(1, -1));
    if (engine === 'postgres') expect(json).toContain('L'.repeat(1000));
  }, 120_000);
});
