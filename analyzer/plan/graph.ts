/**
 * The dependency graph: the TCP connections of every bundle, matched to hosts by IP address
 * (a host's addresses come from its inventory; loopback and link-local addresses identify no
 * host). A connection to a database server's port becomes an edge from the client host to that
 * server; other connections between collected hosts become host edges; addresses with no
 * collected host behind them become `external` nodes. A connection seen from both ends counts once.
 */
import { isLoopback, normalizeAddress, type PlanFacts } from './facts.js';
import type { PlanGraph } from './schema.js';

export interface ServerClients {
  hosts: Set<string>;
  external: Set<string>;
}

export interface DependencyGraph {
  graph: PlanGraph;
  /** Server id → its client hosts and client addresses with no collected host. */
  clients: Map<string, ServerClients>;
  /** Undirected host–host adjacency from connections that are not database connections. */
  hostLinks: Map<string, Set<string>>;
  /** Endpoints (address or host, and port) that more than one server answers at; the first listed gets the clients. */
  sharedEndpoints: { endpoint: string; servers: string[] }[];
}

const externalId = (address: string): string => `ext:${address}`;

export function buildGraph(facts: PlanFacts): DependencyGraph {
  const byAddress = new Map<string, string>();
  for (const h of facts.hosts) for (const a of h.addresses) if (!byAddress.has(normalizeAddress(a))) byAddress.set(normalizeAddress(a), h.id);
  // Database endpoints: on a collected host by port, else by the address the agent connected to.
  // Two servers at one endpoint (one server collected under two names, say an Aurora cluster
  // endpoint and its writer's): the first keeps the clients, and the plan says so.
  const endpoint = new Map<string, string>();
  const shared = new Map<string, { endpoint: string; servers: string[] }>();
  const claim = (key: string, shown: string, id: string): void => {
    const first = endpoint.get(key);
    if (first === undefined) endpoint.set(key, id);
    else if (first !== id) {
      const entry = shared.get(key) ?? { endpoint: shown, servers: [first] };
      if (!entry.servers.includes(id)) entry.servers.push(id);
      shared.set(key, entry);
    }
  };
  const hostnameOf = new Map(facts.hosts.map((h) => [h.id, h.hostname]));
  for (const s of facts.servers) {
    if (s.port === null) continue;
    if (s.runsOnHostId) claim(`${s.runsOnHostId}:${s.port}`, `${hostnameOf.get(s.runsOnHostId) ?? s.runsOnHostId}:${s.port}`, s.id);
    else for (const a of s.endpointAddresses.length > 0 ? s.endpointAddresses : s.address ? [s.address] : []) claim(`addr:${normalizeAddress(a)}:${s.port}`, `${normalizeAddress(a)}:${s.port}`, s.id);
  }
  const clients = new Map<string, ServerClients>(facts.servers.map((s) => [s.id, { hosts: new Set<string>(), external: new Set<string>() }]));
  const hostLinks = new Map<string, Set<string>>();
  const edges = new Map<string, { from: string; to: string; port: number | null; connections: number }>();
  const externals = new Set<string>();
  const seen = new Set<string>();

  const addEdge = (from: string, to: string, port: number | null): void => {
    const key = `${from}\u0000${to}\u0000${port ?? ''}`;
    const e = edges.get(key);
    if (e) e.connections += 1;
    else edges.set(key, { from, to, port, connections: 1 });
  };
  const link = (a: string, b: string): void => {
    if (a === b) return;
    hostLinks.set(a, (hostLinks.get(a) ?? new Set()).add(b));
    hostLinks.set(b, (hostLinks.get(b) ?? new Set()).add(a));
  };

  // scout-agent's own connections (it reads the databases) are not dependencies: their client ends, host-scoped for loopback.
  const endKey = (hostId: string, ip: string, port: number): string => (isLoopback(ip) ? `${hostId}|${ip}:${port}` : `${ip}:${port}`);
  const agentEnds = new Set<string>();
  for (const host of facts.hosts) {
    for (const c of host.connections) {
      if (c.direction === 'outbound' && c.pid !== null && host.agentPids.includes(c.pid)) agentEnds.add(endKey(host.id, normalizeAddress(c.localAddress), c.localPort));
    }
  }

  for (const host of facts.hosts) {
    for (const c of host.connections) {
      if (c.state === 'LISTEN') continue;
      const local = normalizeAddress(c.localAddress);
      const remote = normalizeAddress(c.remoteAddress);
      const [clientIp, clientPort, serverIp, serverPort] = c.direction === 'outbound' ? [local, c.localPort, remote, c.remotePort] : [remote, c.remotePort, local, c.localPort];
      if (agentEnds.has(endKey(host.id, clientIp, clientPort))) continue;
      const loop = isLoopback(remote);
      // One connection seen from both ends (or in two segments) counts once.
      const key = `${loop ? host.id : ''}|${clientIp}:${clientPort}>${serverIp}:${serverPort}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const clientHost = c.direction === 'outbound' || loop ? host.id : (byAddress.get(clientIp) ?? null);
      const serverHost = c.direction === 'inbound' || loop ? host.id : (byAddress.get(serverIp) ?? null);
      const db = serverHost ? endpoint.get(`${serverHost}:${serverPort}`) : endpoint.get(`addr:${serverIp}:${serverPort}`);
      if (db) {
        const cl = clients.get(db)!;
        if (clientHost) {
          cl.hosts.add(clientHost);
          addEdge(clientHost, db, serverPort);
        } else {
          cl.external.add(clientIp);
          externals.add(clientIp);
          addEdge(externalId(clientIp), db, serverPort);
        }
        continue;
      }
      if (loop) continue;
      if (clientHost && serverHost) {
        link(clientHost, serverHost);
        if (clientHost !== serverHost) addEdge(clientHost, serverHost, serverPort);
      } else if (clientHost) {
        externals.add(serverIp);
        addEdge(clientHost, externalId(serverIp), serverPort);
      } else if (serverHost) {
        externals.add(clientIp);
        addEdge(externalId(clientIp), serverHost, serverPort);
      }
    }
  }

  const nodes: PlanGraph['nodes'] = [
    ...facts.hosts.map((h) => ({ id: h.id, label: h.hostname, kind: 'host' as const })),
    ...facts.servers.map((s) => ({ id: s.id, label: `${s.flavor ?? s.engine} ${s.address ?? ''}:${s.port ?? ''}`.trim(), kind: 'database-server' as const })),
    ...[...externals].sort().map((a) => ({ id: externalId(a), label: a, kind: 'external' as const })),
  ];
  const edgeList = [...edges.values()].sort((a, b) => a.from.localeCompare(b.from) || a.to.localeCompare(b.to) || (a.port ?? 0) - (b.port ?? 0));
  return { graph: { nodes, edges: edgeList }, clients, hostLinks, sharedEndpoints: [...shared.values()] };
}
