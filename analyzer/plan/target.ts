/** The target engine and version per database and per server, from the settings or `auto`. */
import type { ServerFacts } from './facts.js';
import { LOGICAL_AURORA_MYSQL, physicalAuroraMysql } from './mysql/versions.js';
import { hasAuroraMajor, LATEST_AURORA_POSTGRESQL, pgMajor } from './postgres/versions.js';
import type { PlanServer, TargetEngineName } from './schema.js';
import { globMatcher, type PlanSettings } from './settings.js';

/** The same engine family on Aurora: MySQL and MariaDB → Aurora MySQL, PostgreSQL → Aurora PostgreSQL. */
export const sameEngineTarget = (engine: 'mysql' | 'postgres'): TargetEngineName => (engine === 'mysql' ? 'aurora-mysql' : 'aurora-postgresql');

/**
 * The target for one database: the first settings pattern that matches `SERVER_ID/DB`, `DB` or
 * `SERVER_ID` (globs), else auto (the same engine).
 */
export function targetFor(serverId: string, dbName: string, engine: 'mysql' | 'postgres', settings: PlanSettings): TargetEngineName {
  for (const t of settings.targets) {
    const re = globMatcher(t.pattern);
    if (re.test(`${serverId}/${dbName}`) || re.test(dbName) || re.test(serverId)) return t.target === 'auto' ? sameEngineTarget(engine) : t.target;
  }
  return sameEngineTarget(engine);
}

/** The server's one target: the target most of its databases get (a tie goes to the same engine). */
export function serverTarget(server: ServerFacts, settings: PlanSettings): PlanServer['target'] {
  const same = sameEngineTarget(server.engine);
  const names = server.databases.length > 0 ? server.databases.map((d) => d.name) : [''];
  const targets = names.map((n) => targetFor(server.id, n, server.engine, settings));
  const other = targets.filter((t) => t !== same).length;
  const engine = other * 2 > targets.length ? targets.find((t) => t !== same)! : same;
  const heterogeneous = engine !== same;
  const mixed = new Set(targets).size > 1;
  let reason = heterogeneous ? `The settings file asks for ${engine}.` : server.flavor === 'mariadb' || server.flavor === 'rds-mariadb' ? 'MariaDB goes to Aurora MySQL, the closest engine (there is no Aurora MariaDB).' : 'The same engine (auto).';
  if (mixed) reason += ` Databases disagree (${names.map((n, i) => `${n}: ${targets[i]}`).join(', ')}); the server follows the majority, the others need a separate task.`;
  return { engine, version: targetVersion(server, engine), heterogeneous, reason };
}

function targetVersion(server: ServerFacts, engine: TargetEngineName): string {
  const v = server.versionNum ?? 0;
  if (engine === 'aurora-mysql') {
    const physical = server.engine === 'mysql' && server.flavor !== 'mariadb' && server.flavor !== 'rds-mariadb' ? physicalAuroraMysql(v) : null;
    return (physical ?? LOGICAL_AURORA_MYSQL).label;
  }
  if (server.engine === 'postgres' && hasAuroraMajor(v)) return `Aurora PostgreSQL ${pgMajor(v)}`;
  return `Aurora PostgreSQL ${LATEST_AURORA_POSTGRESQL}`;
}
