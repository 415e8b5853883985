import { randomUUID } from 'node:crypto';
import os from 'node:os';
import type { CollectorContext } from '../collector-context.js';
import { AGENT_VERSION } from '../version.js';
import { BUNDLE_FORMAT, BUNDLE_FORMAT_VERSION } from './constants.js';
import type { Bundle, DatabasesPart, HostPart } from './schema.js';

export interface RunAs {
  uid: number;
  user: string | null;
  isRoot: boolean;
}

export function currentUser(): RunAs {
  const uid = process.getuid?.() ?? 0;
  let user: string | null = null;
  try {
    user = os.userInfo().username;
  } catch {
    user = null;
  }
  return { uid, user, isRoot: uid === 0 };
}

export interface BuildInput {
  agentId: string;
  hostname: string;
  mode: 'collect' | 'run';
  startedAt: Date;
  endedAt: Date;
  intervalMs: number;
  runAs: RunAs;
  segment: Bundle['collection']['segment'];
  host: HostPart | null;
  databases: DatabasesPart | null;
  ctx: CollectorContext;
}

/** Assembles a bundle from what the collectors delivered; validation happens on write. */
export function buildBundle(input: BuildInput): Bundle {
  return {
    format: BUNDLE_FORMAT,
    formatVersion: BUNDLE_FORMAT_VERSION,
    agent: { id: input.agentId, version: AGENT_VERSION, hostname: input.hostname },
    collection: {
      id: randomUUID(),
      mode: input.mode,
      startedAt: input.startedAt.toISOString(),
      endedAt: input.endedAt.toISOString(),
      intervalMs: input.intervalMs,
      runAs: input.runAs,
      segment: input.segment,
      parts: { host: input.host !== null, databases: input.databases !== null },
    },
    host: input.host,
    databases: input.databases,
    errors: [...input.ctx.errors],
    limitations: [...input.ctx.limitations],
  };
}
