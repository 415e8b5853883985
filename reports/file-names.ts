/**
 * Page and folder names from untrusted names (hostnames, database names): a safe slug, and a
 * short hash of the original whenever the slug lost anything, so two names never share a file.
 */
import { safeSlug, shortHash } from '../analyzer/safe-slug.js';

export { safeSlug };

/** Gives each key a distinct slug of its name; a name seen twice gets its key's hash too. */
export function uniqueSlugs(entries: readonly { key: string; name: string }[]): Map<string, string> {
  const out = new Map<string, string>();
  const used = new Set<string>();
  for (const e of entries) {
    let slug = safeSlug(e.name);
    if (used.has(slug)) slug = `${slug}-${shortHash(e.key)}`;
    used.add(slug);
    out.set(e.key, slug);
  }
  return out;
}

/** A relative link from a page in a sub-folder (hosts/, databases/) or the root. */
export function relLink(fromRoot: boolean, target: string): string {
  return fromRoot ? target : `../${target}`;
}

/**
 * The file names of one report run, decided as hosts and databases are met: host pages
 * `hosts/<slug>.html`, database pages `databases/<slug>.html` and DDL folders `ddl/<slug>/`,
 * where the database slug is `<server>-<db>`. Unique within the run.
 */
export class ReportNames {
  readonly #hosts = new Map<string, string>();
  readonly #dbs = new Map<string, string>();
  readonly #used = new Set<string>();

  /** A slug no other key of `prefix` has: the name's, else with the key's hash, else numbered too. */
  #claim(prefix: string, key: string, name: string): string {
    const base = safeSlug(name);
    let slug = base;
    if (this.#used.has(`${prefix}/${slug}`)) slug = `${base}-${shortHash(key)}`;
    for (let n = 2; this.#used.has(`${prefix}/${slug}`); n++) slug = `${base}-${shortHash(key)}-${n}`;
    this.#used.add(`${prefix}/${slug}`);
    return slug;
  }

  addHost(agentId: string, hostname: string): string {
    const known = this.#hosts.get(agentId);
    if (known) return known;
    const slug = this.#claim('hosts', agentId, hostname);
    this.#hosts.set(agentId, slug);
    return slug;
  }

  addDatabase(serverId: string, database: string): string {
    const key = `${serverId}\u0000${database}`;
    const known = this.#dbs.get(key);
    if (known) return known;
    const slug = this.#claim('databases', key, `${serverId}-${database}`);
    this.#dbs.set(key, slug);
    return slug;
  }

  host(agentId: string): string | null {
    const slug = this.#hosts.get(agentId);
    return slug ? `hosts/${slug}.html` : null;
  }

  database(serverId: string, database: string): string | null {
    const slug = this.#dbs.get(`${serverId}\u0000${database}`);
    return slug ? `databases/${slug}.html` : null;
  }

  /** `ddl/<slug>` for a registered database. */
  ddlDir(serverId: string, database: string): string {
    return `ddl/${this.addDatabase(serverId, database)}`;
  }
}
