/**
 * MySQL/MariaDB catalog rows of one schema (a MySQL database) → the neutral model with one
 * Schema. Expressions stay in MySQL's dialect; rows it cannot read become model problems,
 * never exceptions.
 */
import type { DatabaseServer } from '../../../agent/bundle/index.js';
import type { DatabaseModel, ModelProblem, Schema } from '../../model/schema.js';
import { readEvents, readRoutines, readSequences, readTriggers, readViews } from './read-objects.js';
import { text, textOr, type RawRow } from './read-row.js';
import { readTables } from './read-tables.js';

/** Server variables that change how a schema behaves, copied into model.settings. */
const SETTINGS = ['sql_mode', 'lower_case_table_names', 'character_set_server', 'collation_server', 'time_zone', 'default_storage_engine', 'explicit_defaults_for_timestamp'];

function readSettings(server: DatabaseServer): Record<string, string> {
  const settings: Record<string, string> = {};
  for (const row of server.serverRows.variables ?? []) {
    // SHOW GLOBAL VARIABLES labels: Variable_name / Value (case as the server sends it).
    const name = (text(row, 'Variable_name') ?? text(row, 'variable_name') ?? '').toLowerCase();
    if (SETTINGS.includes(name)) settings[name] = text(row, 'Value') ?? text(row, 'value') ?? '';
  }
  return settings;
}

/** Whether COLUMN_DEFAULT is an SQL literal: the agent's recorded convention, else the version rule. */
function defaultsAreLiterals(server: DatabaseServer): boolean {
  const recorded = server.serverRows.catalog_conventions?.[0]?.column_default_literals;
  if (typeof recorded === 'boolean') return recorded;
  const flavor = server.server?.flavor ?? '';
  return flavor.includes('mariadb') && (server.server?.versionNum ?? 0) >= 100207;
}

function schemaAttrs(server: DatabaseServer, name: string): Record<string, string> {
  const row = (server.serverRows.schemata ?? []).find((r) => textOr(r, 'schema_name') === name);
  const attrs: Record<string, string> = {};
  const charset = row ? text(row, 'default_character_set_name') : null;
  const collation = row ? text(row, 'default_collation_name') : null;
  if (charset) attrs.charset = charset;
  if (collation) attrs.collation = collation;
  return attrs;
}

/** MySQL/MariaDB catalog rows of one schema → the neutral model. */
export function mysqlFromCatalog(server: DatabaseServer, database: DatabaseServer['databases'][number]): DatabaseModel {
  const rows = (kind: string): RawRow[] => database.rows[kind] ?? [];
  const name = database.name;
  const problems: ModelProblem[] = [];
  const tables = readTables(
    name,
    {
      tables: rows('tables'),
      columns: rows('columns'),
      indexes: rows('indexes'),
      constraints: rows('constraints'),
      keyColumns: rows('key_columns'),
      foreignKeys: rows('foreign_keys'),
      checks: rows('checks'),
      partitions: rows('partitions'),
    },
    defaultsAreLiterals(server),
    problems,
  );
  const sequenceNames = rows('tables')
    .filter((r) => textOr(r, 'table_type').toUpperCase() === 'SEQUENCE')
    .map((r) => textOr(r, 'table_name'));
  const schema: Schema = {
    name,
    tables,
    views: readViews(rows('views')),
    routines: readRoutines(rows('routines'), rows('parameters')),
    triggers: readTriggers(rows('triggers')),
    sequences: readSequences(name, sequenceNames, rows('sequences'), problems),
    enums: [],
    domains: [],
    otherTypes: [],
    events: readEvents(rows('events')),
    attrs: schemaAttrs(server, name),
  };
  return {
    name,
    source: {
      dialect: 'mysql',
      flavor: server.server?.flavor ?? 'mysql',
      version: server.server?.version ?? '',
      versionNum: server.server?.versionNum ?? 0,
    },
    schemas: [schema],
    extensions: [],
    settings: readSettings(server),
    problems,
  };
}
