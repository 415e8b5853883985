/**
 * AWS DMS artifacts for one database: the table-mapping JSON (selection rules per schema,
 * lower-case rules for MySQL → PostgreSQL, schema → database renames for PostgreSQL → MySQL as
 * the conversion names them) and the task settings JSON
 * for full load + CDC, with the LOB mode taken from the LOB columns found.
 * https://docs.aws.amazon.com/dms/latest/userguide/CHAP_Tasks.CustomizingTasks.TableMapping.html
 * https://docs.aws.amazon.com/dms/latest/userguide/CHAP_Tasks.CustomizingTasks.TaskSettings.html
 */
import { hasKey } from './check.js';
import { rulesFor } from './checks.js';
import type { DatabaseFacts, ServerFacts } from './facts.js';
import type { TargetEngineName } from './schema.js';

/** Limited LOB mode keeps values up to this many KB (every MySQL TINY/TEXT/BLOB fits). */
export const LIMITED_LOB_KB = 64;

export interface LobDecision {
  mode: 'none' | 'limited' | 'full';
  lobColumns: number;
  largeLobColumns: number;
  reason: string;
}

export function lobDecision(server: ServerFacts, db: DatabaseFacts): LobDecision {
  const rules = rulesFor(server);
  let lobColumns = 0;
  let largeLobColumns = 0;
  let largeWithoutKey = 0;
  for (const schema of db.model?.schemas ?? []) {
    for (const t of schema.tables) {
      for (const c of t.columns) {
        if (!rules.isLob(c.type)) continue;
        lobColumns += 1;
        if (rules.isLargeLob(c.type)) {
          largeLobColumns += 1;
          if (!hasKey(t)) largeWithoutKey += 1;
        }
      }
    }
  }
  if (lobColumns === 0) return { mode: 'none', lobColumns, largeLobColumns, reason: 'No LOB columns: LOB support off.' };
  if (largeLobColumns === 0) {
    return { mode: 'limited', lobColumns, largeLobColumns, reason: `${lobColumns} LOB column(s), none able to exceed ${LIMITED_LOB_KB} KB: limited LOB mode with LobMaxSize ${LIMITED_LOB_KB} KB (fast, nothing truncated).` };
  }
  const caveat = largeWithoutKey > 0 ? ` ${largeWithoutKey} of them are in tables without a key, which full LOB mode skips: add keys first.` : '';
  return {
    mode: 'full',
    lobColumns,
    largeLobColumns,
    reason: `${largeLobColumns} LOB column(s) can hold more than ${LIMITED_LOB_KB} KB: full LOB mode, so no value is truncated (slower; switch to limited mode with a LobMaxSize above the largest value if you measure it).${caveat}`,
  };
}

/** The schemas DMS selects for this database: the MySQL database itself, or each PostgreSQL schema. */
function schemasOf(server: ServerFacts, db: DatabaseFacts): string[] {
  if (server.engine === 'mysql') return [db.name];
  const names = (db.model?.schemas ?? []).map((s) => s.name);
  return names.length > 0 ? names : ['public'];
}

/**
 * A name as a literal in a DMS object-locator, where `%` and `_` are wildcards: each is
 * bracketed (`[_]`, `[%]`). Rename values are literal text and stay as they are.
 */
export const dmsLiteral = (name: string): string => name.replace(/[%_]/g, (m) => `[${m}]`);

export function tableMappings(server: ServerFacts, db: DatabaseFacts, target: TargetEngineName): Record<string, unknown> {
  const rules: Record<string, unknown>[] = [];
  let id = 1;
  for (const schema of schemasOf(server, db)) {
    rules.push({
      'rule-type': 'selection',
      'rule-id': String(id),
      'rule-name': `include-${id}`,
      'object-locator': { 'schema-name': dmsLiteral(schema), 'table-name': '%' },
      'rule-action': 'include',
    });
    id += 1;
  }
  if (server.engine === 'mysql' && target === 'aurora-postgresql') {
    // The converted schema folds names to lower case (the conversion's default); the data must follow.
    for (const ruleTarget of ['schema', 'table', 'column'] as const) {
      rules.push({
        'rule-type': 'transformation',
        'rule-id': String(id),
        'rule-name': `lowercase-${ruleTarget}`,
        'rule-target': ruleTarget,
        'object-locator': { 'schema-name': '%', ...(ruleTarget !== 'schema' ? { 'table-name': '%' } : {}), ...(ruleTarget === 'column' ? { 'column-name': '%' } : {}) },
        'rule-action': 'convert-lowercase',
      });
      id += 1;
    }
  }
  if (server.engine === 'postgres' && target === 'aurora-mysql') {
    // The conversion's default schema → database rule: public → the database's name, others → <database>_<schema>.
    for (const schema of schemasOf(server, db)) {
      rules.push({
        'rule-type': 'transformation',
        'rule-id': String(id),
        'rule-name': `schema-to-database-${id}`,
        'rule-target': 'schema',
        'object-locator': { 'schema-name': dmsLiteral(schema) },
        'rule-action': 'rename',
        value: schema === 'public' ? db.name : `${db.name}_${schema}`,
      });
      id += 1;
    }
  }
  return { rules };
}

export function taskSettings(lob: LobDecision): Record<string, unknown> {
  return {
    TargetMetadata: {
      TargetSchema: '',
      SupportLobs: lob.mode !== 'none',
      FullLobMode: lob.mode === 'full',
      LobChunkSize: 64,
      LimitedSizeLobMode: lob.mode === 'limited',
      LobMaxSize: lob.mode === 'limited' ? LIMITED_LOB_KB : 0,
      InlineLobMaxSize: 0,
      BatchApplyEnabled: false,
    },
    FullLoadSettings: {
      // The schema is created before the load (converted or dumped), so keys, AUTO_INCREMENT and defaults stay.
      TargetTablePrepMode: 'DO_NOTHING',
      CreatePkAfterFullLoad: false,
      StopTaskCachedChangesApplied: false,
      StopTaskCachedChangesNotApplied: false,
      MaxFullLoadSubTasks: 8,
      TransactionConsistencyTimeout: 600,
      CommitRate: 10000,
    },
    Logging: { EnableLogging: true },
    ValidationSettings: { EnableValidation: true, ValidationMode: 'ROW_LEVEL', ThreadCount: 5, FailureMaxCount: 10000 },
    ChangeProcessingTuning: { BatchApplyPreserveTransaction: true, CommitTimeout: 1, MemoryLimitTotal: 1024 },
  };
}
