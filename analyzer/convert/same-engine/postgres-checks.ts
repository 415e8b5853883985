/**
 * PostgreSQL → Aurora PostgreSQL: extensions, untrusted languages, unlogged tables,
 * tablespaces, large objects and the settings the model carries. Aurora runs the same
 * engine, so the DDL itself is not rewritten; each item gives the fix.
 */
import type { ConversionContext } from '../context.js';
import type { DatabaseModel, Routine, Schema } from '../../model/schema.js';
import { aggregatePlan } from '../../dialects/postgres/generate-aggregates.js';
import { qualifyName, quoteIdent } from '../../dialects/postgres/quote.js';
import { AURORA_POSTGRES_EXTENSIONS, AURORA_POSTGRES_EXTENSIONS_AS_OF, AURORA_POSTGRES_UNSUPPORTED } from './aurora-postgres-extensions.js';

/** Languages Aurora PostgreSQL lets users create routines in. */
const TRUSTED_LANGUAGES = new Set(['sql', 'plpgsql', 'plperl', 'plv8', 'plrust', 'pltle', 'internal']);

/** Extensions Aurora PostgreSQL lacks (critical) or that this tool does not know (warning). */
export function checkPostgresExtensions(ctx: ConversionContext, model: DatabaseModel): void {
  for (const ext of model.extensions) {
    const object = ext.name;
    if (ext.name === 'plpgsql' || AURORA_POSTGRES_EXTENSIONS.has(ext.name)) continue;
    const why = AURORA_POSTGRES_UNSUPPORTED[ext.name];
    if (why) {
      ctx.raise({ code: 'aurora_pg_extension_unsupported', object, objectType: 'extension', message: `Extension ${ext.name} ${ext.version} is not available on Aurora PostgreSQL: ${why}.`, recommendation: `Replace its use (${why}), then DROP EXTENSION ${quoteIdent(ext.name)}; on the source copy.` });
    } else {
      ctx.raise({ code: 'aurora_pg_extension_unknown', object, objectType: 'extension', message: `Extension ${ext.name} ${ext.version} is not in the list of Aurora PostgreSQL extensions made ${AURORA_POSTGRES_EXTENSIONS_AS_OF}.`, recommendation: `On a test Aurora cluster: SELECT * FROM pg_available_extensions WHERE name = '${ext.name.replaceAll("'", "''")}';` });
    }
  }
}

/** An aggregate is rebuilt from its pg_aggregate columns (those hold only part of it), or left to manual work. */
function checkAggregate(ctx: ConversionContext, schema: Schema, r: Routine): void {
  const object = `${schema.name}.${r.name}`;
  const plan = aggregatePlan(schema, r);
  if ('sql' in plan) {
    ctx.raise({ code: 'pg_aggregate_rebuilt', object, objectType: 'function', message: `${object} is recreated from its pg_aggregate row; check it had no combine, serialization, moving-aggregate or sort-operator function.` });
  } else {
    ctx.raise({ code: 'pg_aggregate_manual', object, objectType: 'function', message: `${object} is not recreated: ${plan.reason}.` });
  }
}

/** Unlogged tables, tablespaces, large-object columns and routines in languages Aurora does not offer. */
export function checkPostgresSchema(ctx: ConversionContext, schema: Schema): void {
  for (const t of schema.tables) {
    const name = `${schema.name}.${t.name}`;
    const q = qualifyName(schema.name, t.name);
    if (t.attrs['persistence'] === 'unlogged') {
      ctx.raise({ code: 'aurora_pg_unlogged_table', object: name, objectType: 'table', message: `${name} is UNLOGGED.`, recommendation: `ALTER TABLE ${q} SET LOGGED; unless its contents can be rebuilt after a failover.` });
    }
    if (t.attrs['tablespace']) {
      ctx.raise({ code: 'aurora_pg_tablespace', object: name, objectType: 'table', message: `${name} is in tablespace ${t.attrs['tablespace']}, which Aurora PostgreSQL ignores.` });
    }
    for (const c of t.columns) {
      const typeName = (c.type.typeRef?.name ?? c.type.raw).toLowerCase();
      if (typeName === 'oid' || typeName === 'lo') {
        const col = `${name}.${c.name}`;
        ctx.raise({ code: 'aurora_pg_large_objects', object: col, objectType: 'column', owner: { type: 'table', name }, message: `${col} (${c.type.raw}) looks like a large-object reference; large objects are not carried by logical replication or DMS.`, recommendation: `Copy large objects with pg_dump --large-objects, or move them into a bytea column: UPDATE ${q} SET new_col = lo_get(${quoteIdent(c.name)});` });
      }
    }
  }
  for (const r of schema.routines) {
    if (r.kind === 'aggregate' && !r.definition) checkAggregate(ctx, schema, r);
    if (TRUSTED_LANGUAGES.has(r.language.toLowerCase())) continue;
    const type = r.kind === 'procedure' ? 'procedure' : 'function';
    const name = `${schema.name}.${r.name}`;
    ctx.raise({ code: 'aurora_pg_untrusted_language', object: name, objectType: type, message: `${name} is written in ${r.language}, which Aurora PostgreSQL does not offer.` });
  }
}

/** Settings Aurora manages or replaces, for the ones model.settings carries. */
const SETTING_FIXES: Record<string, (value: string) => string | null> = {
  wal_level: (v) => (v === 'logical' ? 'Set rds.logical_replication = 1 in the DB cluster parameter group (Aurora sets wal_level from it).' : null),
  shared_preload_libraries: (v) => `Aurora allows only its listed libraries in shared_preload_libraries; set the ones you need among "${v}" in the DB cluster parameter group.`,
  server_encoding: (v) => (v.toUpperCase() === 'UTF8' ? null : `Create the target database with ENCODING '${v}' LC_COLLATE/LC_CTYPE matching the source and TEMPLATE template0, or convert the data to UTF8.`),
  TimeZone: (v) => (v === 'UTC' || v === 'Etc/UTC' ? null : `Set timezone = '${v}' in the DB cluster parameter group (Aurora defaults to UTC).`),
};

/** Server settings of the model that Aurora manages or replaces. */
export function checkPostgresSettings(ctx: ConversionContext, model: DatabaseModel): void {
  for (const [key, fix] of Object.entries(SETTING_FIXES)) {
    const value = model.settings[key];
    if (value === undefined) continue;
    const recommendation = fix(value);
    if (recommendation) ctx.raise({ code: 'aurora_pg_setting', object: key, objectType: 'setting', message: `${key} is '${value}' on the source.`, recommendation });
  }
}
