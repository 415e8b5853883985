/**
 * Extensions Aurora PostgreSQL offers, from the "Extension versions for Amazon Aurora
 * PostgreSQL" pages for Aurora PostgreSQL 15 and 16
 * (https://docs.aws.amazon.com/AmazonRDS/latest/AuroraPostgreSQLReleaseNotes/AuroraPostgreSQL.Extensions.html).
 * List made 2026-11; an extension not listed gives a warning to check, not an error.
 */
export const AURORA_POSTGRES_EXTENSIONS_AS_OF = '2026-11';

/** Extension names offered by Aurora PostgreSQL 15/16. */
export const AURORA_POSTGRES_EXTENSIONS: ReadonlySet<string> = new Set([
  'address_standardizer', 'address_standardizer_data_us', 'amcheck', 'aurora_stat_utils', 'autoinc', 'aws_commons', 'aws_lambda',
  'aws_ml', 'aws_s3', 'bloom', 'bool_plperl', 'btree_gin', 'btree_gist', 'citext', 'cube', 'dblink', 'dict_int', 'dict_xsyn',
  'earthdistance', 'fuzzystrmatch', 'h3', 'h3_postgis', 'hll', 'hstore', 'hstore_plperl', 'hypopg', 'insert_username', 'intagg',
  'intarray', 'ip4r', 'isn', 'jsonb_plperl', 'lo', 'ltree', 'moddatetime', 'mysql_fdw', 'old_snapshot', 'oracle_fdw', 'orafce',
  'pageinspect', 'pg_bigm', 'pg_buffercache', 'pg_cron', 'pg_freespacemap', 'pg_hint_plan', 'pg_partman', 'pg_prewarm',
  'pg_proctab', 'pg_repack', 'pg_similarity', 'pg_stat_statements', 'pg_tle', 'pg_trgm', 'pg_visibility', 'pgaudit', 'pgcrypto',
  'pglogical', 'pgrouting', 'pgrowlocks', 'pgstattuple', 'pgtap', 'plperl', 'plpgsql', 'plprofiler', 'plrust', 'plv8',
  'postgis', 'postgis_raster', 'postgis_tiger_geocoder', 'postgis_topology', 'postgres_fdw', 'prefix', 'rdkit', 'refint',
  'seg', 'sslinfo', 'tablefunc', 'tcn', 'tds_fdw', 'tsm_system_rows', 'tsm_system_time', 'unaccent', 'uuid-ossp', 'vector',
]);

/** Extensions known not to be offered (they need superuser, the file system or a custom build). */
export const AURORA_POSTGRES_UNSUPPORTED: Readonly<Record<string, string>> = {
  adminpack: 'server file access; use the console and CloudWatch',
  file_fdw: 'server file access; load files through aws_s3',
  timescaledb: 'not offered; use pg_partman for time partitioning',
  citus: 'not offered; Aurora scales reads with replicas',
  plpython3u: 'untrusted language; rewrite in PL/pgSQL, plv8 or plrust',
  plpythonu: 'untrusted language; rewrite in PL/pgSQL, plv8 or plrust',
  plperlu: 'untrusted language; use trusted plperl',
  pltclu: 'untrusted language; rewrite in PL/pgSQL',
  pltcl: 'not offered; rewrite in PL/pgSQL',
  sepgsql: 'SELinux module; not offered',
  pg_surgery: 'not offered',
  xml2: 'deprecated and not offered; use the built-in xpath()',
};
