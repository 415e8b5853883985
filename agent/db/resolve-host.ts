/**
 * The addresses a target's host name stands for, as this machine resolves it when collecting.
 * Clients reach a managed database (RDS, Aurora) by its endpoint name, but the connection
 * tables other hosts' agents collect show only IP addresses: the bundle keeps the addresses so
 * that the analyzer can tell which hosts talk to the server.
 */
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';

/** How long a lookup may take before the target is stored without addresses. */
export const RESOLVE_TIMEOUT_MS = 2_000;

/**
 * The host's IPv4 and IPv6 addresses (an IP literal is its own address), sorted and without
 * duplicates; empty when the name does not resolve in time. Never throws.
 */
export async function resolveHostAddresses(host: string | null, timeoutMs = RESOLVE_TIMEOUT_MS): Promise<string[]> {
  if (host === null || host === '') return [];
  if (isIP(host)) return [host.toLowerCase()];
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<[]>((resolve) => {
    timer = setTimeout(() => resolve([]), timeoutMs);
    timer.unref();
  });
  try {
    const found = await Promise.race([lookup(host, { all: true, verbatim: true }).catch(() => []), timeout]);
    return [...new Set(found.map((a) => a.address.toLowerCase()))].sort();
  } finally {
    clearTimeout(timer);
  }
}
