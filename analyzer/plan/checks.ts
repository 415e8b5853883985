/**
 * Every check for one database server: the engine's own (mysql/checks.ts, postgres/checks.ts)
 * and the DMS checks common to both engines (keys, LOBs without keys, unsupported types).
 * A server that could not be read gets `unknown` everywhere rather than a guess.
 */
import { fixStatements, hasKey, makeCheck, objectsCheck, tablesOf, type EngineRules } from './check.js';
import type { ServerFacts } from './facts.js';
import { mysqlChecks } from './mysql/checks.js';
import { MYSQL_RULES } from './mysql/rules.js';
import { postgresChecks } from './postgres/checks.js';
import { POSTGRES_RULES } from './postgres/rules.js';
import type { PlanCheck, TargetEngineName } from './schema.js';

export const rulesFor = (server: ServerFacts): EngineRules => (server.engine === 'mysql' ? MYSQL_RULES : POSTGRES_RULES);

function commonChecks(server: ServerFacts): PlanCheck[] {
  const rules = rulesFor(server);
  const tables = tablesOf(server).filter((t) => t.table.kind !== 'partitioned');
  const noKey = tables.filter((t) => !hasKey(t.table));
  const lobNoKey = noKey.filter((t) => t.table.columns.some((c) => rules.isLob(c.type)));
  const unknownTypes: string[] = [];
  for (const t of tables) for (const c of t.table.columns) if (c.type.kind === 'unknown') unknownTypes.push(`${t.label}.${c.name} (${c.type.raw})`);
  const addKeyFix = (list: typeof tables): string => fixStatements(list.map((t) => `ALTER TABLE ${rules.quoteTable(t)} ADD PRIMARY KEY (<columns>);`));
  const failedModels = server.databases.filter((d) => d.model === null);
  const checks = [
    objectsCheck({
      id: 'table-with-no-primary-key-or-unique-constraint',
      title: 'Tables have a primary key or unique constraint',
      status: 'warn',
      found: (n) => `${n} table(s) have neither; DMS full load works, but CDC applies their changes slowly and may duplicate rows.`,
      none: 'Every table has a key.',
      fix: addKeyFix(noKey),
      paths: ['dms'],
      objects: noKey.map((t) => t.label),
    }),
    objectsCheck({
      id: 'table-with-lob-but-without-primary-key-or-unique-constraint',
      title: 'Tables with LOB columns have a key',
      status: 'fail',
      found: (n) => `${n} table(s) hold LOB columns but no key; DMS looks LOBs up by key, so their LOB values are not migrated.`,
      none: 'Every table with LOB columns has a key.',
      fix: addKeyFix(lobNoKey),
      paths: ['dms'],
      objects: lobNoKey.map((t) => t.label),
    }),
    makeCheck({
      id: 'unsupported-data-types-in-source',
      title: 'Data types the tools understand',
      status: unknownTypes.length > 0 ? 'fail' : 'pass',
      detail: unknownTypes.length > 0 ? `${unknownTypes.length} column(s) have a type the schema model does not know; DMS may skip or mangle them.` : 'Every column type is known.',
      fix: 'Change these columns to a supported type on the source, or exclude them with a DMS remove-column transformation rule and copy them separately.',
      paths: ['dms'],
      objects: unknownTypes,
    }),
  ];
  if (failedModels.length > 0) {
    checks.push(
      makeCheck({
        id: 'scout-catalog-readable',
        title: 'Catalog rows could be read',
        status: 'unknown',
        detail: `The catalog of ${failedModels.length} database(s) could not be read into the schema model; their tables are not checked.`,
        paths: [],
        objects: failedModels.map((d) => `${d.name}: ${d.modelError ?? ''}`),
      }),
    );
  }
  return checks;
}

/** The check a server that was never read gets instead of all others. */
export const NOT_READ_CHECK_ID = 'scout-server-connected';

export function runChecks(server: ServerFacts, target: TargetEngineName): PlanCheck[] {
  if (!server.connected) {
    return [
      makeCheck({
        id: NOT_READ_CHECK_ID,
        title: 'The server was read',
        status: 'unknown',
        detail: 'The agent could not connect to this server; no setting or catalog was collected, so no check could run and no migration path is recommended.',
        fix: 'Grant the collecting user access (or fix the address/credentials) so it can connect, then collect again (see scout-agent collect --db).',
        paths: [],
      }),
    ];
  }
  return [...(server.engine === 'mysql' ? mysqlChecks(server, target) : postgresChecks(server)), ...commonChecks(server)];
}
