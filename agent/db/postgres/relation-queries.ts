/**
 * PostgreSQL per-database SQL for relations and what hangs on them: tables, columns,
 * constraints, indexes, views, triggers and sequences. One query per kind for the whole
 * database, never one per table, so the number of queries does not grow with the schema;
 * the other per-database kinds are in queries.ts, with the rules every text follows.
 *
 * Every query leaves out pg_catalog, information_schema, pg_toast* and pg_temp* schemas
 * (all `pg_` schema names are reserved for the system) and objects that belong to an
 * extension (pg_depend deptype 'e').
 *
 * Size functions and the deparsers (pg_get_expr with a relation, pg_get_indexdef, CHECK and
 * EXCLUDE constraint definitions, triggers with WHEN, pg_get_viewdef for the relations a view
 * reads) open relations with AccessShareLock, so they would wait behind an ACCESS EXCLUSIVE
 * lock (ALTER TABLE, VACUUM FULL, REINDEX, LOCK TABLE), held or requested, until lock_timeout
 * and fail the whole query for the whole database. Rows of such relations say `locked = true`
 * and give null for those values instead; what comes from the catalog tables is still there.
 *
 * Sizes are a query of their own (RELATION_SIZES): where they measure files they open every
 * relation, so if they run out of statement_timeout only the sizes are lost, not the tables.
 */
import {
  COMPOSITE_TYPES,
  DOMAINS,
  ENUM_TYPES,
  EVENT_TRIGGERS,
  EXTENSIONS,
  RANGE_TYPES,
  ROUTINES,
  SCHEMAS,
  TABLE_STATS,
  commentJoin,
  holdsLocks,
  locksUntilEnd,
  notExtensionMember,
  packed,
  query,
  userSchema,
  type PgQuery,
} from './queries.js';

/** Relations of this database with an ACCESS EXCLUSIVE lock held or waited for. */
const LOCKED_CTE = `locked AS (
    SELECT DISTINCT l.relation FROM pg_catalog.pg_locks l
     WHERE l.locktype = 'relation' AND l.mode = 'AccessExclusiveLock'
       AND l.database = (SELECT d.oid FROM pg_catalog.pg_database d WHERE d.datname = pg_catalog.current_database()))`;

/**
 * A quarter of the server's shared lock table. pg_get_viewdef and pg_sequence_last_value keep
 * a lock on each relation they touch until the transaction (or savepoint) ends; past this many
 * the values are skipped rather than crowd out other sessions' locks ("out of shared memory").
 * Fast-path slots take the first 16; the shared table holds max_locks_per_transaction ×
 * (max_connections + max_prepared_transactions) and a little more, for all sessions together.
 */
const LOCK_BUDGET = `pg_catalog.current_setting('max_locks_per_transaction')::int
              * (pg_catalog.current_setting('max_connections')::int + pg_catalog.current_setting('max_prepared_transactions')::int) / 4`;

/** Relation `oidExpr` is in `locked`. */
const isLocked = (oidExpr: string) => `EXISTS (SELECT 1 FROM locked WHERE locked.relation = ${oidExpr})`;

/**
 * Tables (r), partitioned tables (p) and foreign tables (f); materialized views are in VIEWS,
 * sizes in RELATION_SIZES (reltuples and relpages are the planner's estimates, -1 / 0 before
 * the first ANALYZE). Partitioning is read here in full: relispartition, the bound, the key
 * of a partitioned table and the parents (pg_inherits, also plain inheritance), so there is
 * no separate partitions query. The parents, the replica identity index and the primary key
 * are joined, not looked up per table (5,000 tables: 85 -> 50 ms of server time).
 */
export const TABLES = packed(query(
  'tables',
  `WITH ${LOCKED_CTE}
   SELECT c.oid, n.nspname AS schema, c.relname AS name, c.relkind, c.relpersistence,
       pg_catalog.pg_get_userbyid(c.relowner) AS owner,
       c.relispartition AS is_partition,
       CASE WHEN NOT lk.locked THEN pg_catalog.pg_get_expr(c.relpartbound, c.oid) END AS partition_bound,
       CASE WHEN c.relkind = 'p' AND NOT lk.locked THEN pg_catalog.pg_get_partkeydef(c.oid) END AS partition_key,
       inh.parents,
       c.reltuples::float8 AS reltuples, c.relpages, lk.locked,
       ts.spcname AS tablespace, c.reloptions::text[] AS reloptions,
       c.relreplident AS replica_identity,
       ri.relname AS replica_identity_index,
       pk.conrelid IS NOT NULL AS has_primary_key,
       c.relrowsecurity AS row_security, c.relforcerowsecurity AS force_row_security,
       fs.srvname AS foreign_server,
       ds.description AS comment
     FROM pg_catalog.pg_class c
     JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
     LEFT JOIN pg_catalog.pg_tablespace ts ON ts.oid = c.reltablespace
     LEFT JOIN pg_catalog.pg_foreign_table ft ON ft.ftrelid = c.oid
     LEFT JOIN pg_catalog.pg_foreign_server fs ON fs.oid = ft.ftserver
     LEFT JOIN (SELECT i.inhrelid, pg_catalog.json_agg(pg_catalog.json_build_object('schema', pn.nspname, 'name', pc.relname) ORDER BY i.inhseqno) AS parents
                  FROM pg_catalog.pg_inherits i
                  JOIN pg_catalog.pg_class pc ON pc.oid = i.inhparent
                  JOIN pg_catalog.pg_namespace pn ON pn.oid = pc.relnamespace
                 GROUP BY i.inhrelid) inh ON inh.inhrelid = c.oid
     LEFT JOIN pg_catalog.pg_index rx ON rx.indrelid = c.oid AND rx.indisreplident
     LEFT JOIN pg_catalog.pg_class ri ON ri.oid = rx.indexrelid
     LEFT JOIN (SELECT DISTINCT k.conrelid FROM pg_catalog.pg_constraint k WHERE k.contype = 'p') pk ON pk.conrelid = c.oid
     ${commentJoin('ds', 'pg_class', 'c.oid')}
     CROSS JOIN LATERAL (SELECT ${isLocked('c.oid')} AS locked) lk
    WHERE c.relkind IN ('r', 'p', 'f') AND ${userSchema('n')} AND ${notExtensionMember('pg_class', 'c.oid')}
    ORDER BY n.nspname, c.relname`,
));

/**
 * Every attribute of tables, views, materialized views and foreign tables; `ordinal` is the
 * attnum (what indexes and constraints refer to), `table_oid` the relation's oid (what they
 * name it by: see attribute-names.ts). collation is the column's collation,
 * collation_is_type_default whether it is just the type's. The sequence a column owns (serial,
 * OWNED BY, identity) is in the sequences rows (owned_by_*), not repeated here.
 *
 * Written to stay linear on 100,000 columns:
 * - the comment is a join on pg_description, not col_description() per column;
 * - (12+) a plain default is deparsed without its relation (pg_get_expr(adbin, 0): a DEFAULT
 *   cannot refer to a column, so there is nothing to name), which is cheaper and opens and
 *   locks nothing, so it is read even when the relation is locked. Only a generated column's
 *   expression refers to columns and needs the relation (left null when locked);
 * - the relations are chosen first (the CTE `rel`: kind, user schema, not an extension's, locked
 *   or not), once per relation rather than once per column: about a quarter of the query's time;
 * - rows are ordered by relation oid, then attnum: each relation's columns together and in
 *   order, which is all a reader needs. Ordering by schema and relation name compared 100,000
 *   names in the database's collation, a third of the query's server time;
 * - the owning sequence is not looked up per column: that lookup (one jsonb probe per column
 *   into the owned sequences) was a sixth of the query's server time (55 of 365 ms, 5,000
 *   tables of 20 columns, fresh backend), for a fact the sequences rows carry anyway.
 */
const columnsSql = (generated: string, defaultExpr: string) => `WITH ${LOCKED_CTE},
   rel AS MATERIALIZED (
     SELECT c.oid, c.relname, c.relkind, n.nspname, ${isLocked('c.oid')} AS locked
       FROM pg_catalog.pg_class c
       JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind IN ('r', 'p', 'f', 'v', 'm') AND ${userSchema('n')} AND ${notExtensionMember('pg_class', 'c.oid')})
   SELECT r.oid AS table_oid, r.nspname AS schema, r.relname AS table_name, r.relkind, a.attnum AS ordinal, a.attname AS name,
       pg_catalog.format_type(a.atttypid, a.atttypmod) AS data_type,
       tn.nspname AS type_schema, t.typname AS type_name, t.typtype AS type_kind, a.attndims AS dimensions,
       a.attnotnull AS not_null,
       ${defaultExpr} AS default_expr,
       a.attidentity AS identity, ${generated} AS generated,
       co.collname AS collation, (a.attcollation = t.typcollation) AS collation_is_type_default,
       ds.description AS comment,
       r.locked
     FROM rel r
     JOIN pg_catalog.pg_attribute a ON a.attrelid = r.oid
     JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
     JOIN pg_catalog.pg_namespace tn ON tn.oid = t.typnamespace
     LEFT JOIN pg_catalog.pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
     LEFT JOIN pg_catalog.pg_collation co ON co.oid = a.attcollation
     ${commentJoin('ds', 'pg_class', 'a.attrelid', 'a.attnum')}
    WHERE a.attnum > 0 AND NOT a.attisdropped
    ORDER BY r.oid, a.attnum`;

/**
 * attgenerated ('s' stored) is 12+. The text for older servers cannot tell a generated column
 * from a plain one, so it deparses every default with its relation (null when locked):
 * pg_get_expr(adbin, 0) fails on a generated column's expression should that text run on 12+.
 */
export const COLUMNS: PgQuery = {
  name: 'columns',
  packed: true,
  variants: [
    {
      since: 120000,
      sql: columnsSql(
        'a.attgenerated',
        `CASE WHEN a.attgenerated = '' THEN pg_catalog.pg_get_expr(ad.adbin, 0)
            WHEN NOT r.locked THEN pg_catalog.pg_get_expr(ad.adbin, ad.adrelid) END`,
      ),
    },
    { since: 0, sql: columnsSql(`''::"char"`, 'CASE WHEN NOT r.locked THEN pg_catalog.pg_get_expr(ad.adbin, ad.adrelid) END') },
  ],
};

/**
 * Primary key, unique, foreign key, check and exclusion constraints of relations (domain checks
 * are in DOMAINS).
 *
 * `columns` and `ref_columns` come as the attnums of conkey and confkey, with `table_oid` and
 * `ref_table_oid`; the collector names them from the columns rows as the rows are written
 * (row-shapes.ts, attribute-names.ts), as pg_dump does, instead of joining pg_attribute here: that join hashed every attribute of the
 * database, system catalogs included (120 of 480 ms, 15,000 constraints, fresh backend).
 *
 * `definition` (pg_get_constraintdef) is read where it says more than the other columns:
 * CHECK and EXCLUDE (the expression), UNIQUE (NULLS NOT DISTINCT, 15+), and a foreign key
 * with ON DELETE SET NULL/DEFAULT (columns) (confdelsetcols, 15+). A primary key or any
 * other foreign key is said in full by the columns, actions, match type, deferrability and
 * validation here and by its index row (INCLUDE, WITH, tablespace); deparsing 10,000 of them
 * cost 70 ms. A CHECK deparse opens its relation (relation cache entry, lock): about 40 µs
 * each in a fresh backend, and there is no other source for its text.
 */
const constraintsSql = (definitionWanted: string) => `WITH ${LOCKED_CTE}
   SELECT con.oid, n.nspname AS schema, c.relname AS table_name, con.conname AS name, con.contype AS type,
       CASE WHEN NOT lk.locked AND (${definitionWanted}) THEN pg_catalog.pg_get_constraintdef(con.oid, true) END AS definition,
       con.conrelid AS table_oid, COALESCE(con.conkey, '{}') AS columns,
       fn.nspname AS ref_schema, fc.relname AS ref_table, NULLIF(con.confrelid, 0) AS ref_table_oid,
       CASE WHEN con.contype = 'f' THEN COALESCE(con.confkey, '{}') END AS ref_columns,
       con.confupdtype AS on_update, con.confdeltype AS on_delete, con.confmatchtype AS match_type,
       con.condeferrable AS deferrable, con.condeferred AS deferred, con.convalidated AS validated,
       con.conislocal AS is_local, con.coninhcount AS inherited_count, con.connoinherit AS no_inherit,
       NULLIF(con.conparentid, 0) AS parent_oid, ic.relname AS index_name,
       ds.description AS comment,
       lk.locked
     FROM pg_catalog.pg_constraint con
     JOIN pg_catalog.pg_class c ON c.oid = con.conrelid
     JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
     ${commentJoin('ds', 'pg_constraint', 'con.oid')}
     CROSS JOIN LATERAL (SELECT ${isLocked('c.oid')} OR ${isLocked('con.conindid')} AS locked) lk
     LEFT JOIN pg_catalog.pg_class fc ON fc.oid = con.confrelid
     LEFT JOIN pg_catalog.pg_namespace fn ON fn.oid = fc.relnamespace
     LEFT JOIN pg_catalog.pg_class ic ON ic.oid = con.conindid AND con.contype IN ('p', 'u', 'x')
    WHERE con.contype IN ('p', 'u', 'f', 'c', 'x') AND ${userSchema('n')} AND ${notExtensionMember('pg_class', 'c.oid')}
    ORDER BY n.nspname, c.relname, con.conname`;

/** confdelsetcols (ON DELETE SET NULL (columns)) and UNIQUE NULLS NOT DISTINCT are 15+. */
export const CONSTRAINTS: PgQuery = {
  name: 'constraints',
  packed: true,
  variants: [
    { since: 150000, sql: constraintsSql(`con.contype IN ('u', 'c', 'x') OR (con.contype = 'f' AND con.confdelsetcols IS NOT NULL)`) },
    { since: 0, sql: constraintsSql(`con.contype IN ('c', 'x')`) },
  ],
};

/**
 * Indexes with one entry per column in `columns`: the attribute, or the expression's text,
 * key or INCLUDE, DESC (indoption bit 0) and NULLS FIRST (bit 1), operator class, collation.
 *
 * The server sends each index's indkey, indoption, indclass and indcollation as arrays (the
 * `_`-led columns) and, for an index with expressions, each expression column's text
 * (pg_get_indexdef per column); the collector builds the `columns` entries from them, naming
 * operator classes and collations from INDEX_LOOKUPS and attributes from the columns rows
 * (row-shapes.ts, index-columns.ts, attribute-names.ts), and drops the `_` columns. Building the entries
 * here, one grouped json_agg over every index column, was 120 of 283 ms of the query's server
 * time (15,000 indexes, fresh backend); a correlated subquery per index cost more still.
 *
 * `definition`, the whole CREATE INDEX text, is read only for indexes that have something the
 * other columns do not carry as it is: expressions, a predicate, or operator class options
 * (pg_attribute.attoptions of the index's own columns, 13+). For any other index it is null
 * (with locked false): the row says all of it already (method, unique, column entries,
 * INCLUDE, NULLS NOT DISTINCT, reloptions, tablespace), and deparsing 15,000 such indexes
 * cost 0.65 s of server time, a third of the query.
 */
const indexesSql = (nullsNotDistinct: string) => `WITH ${LOCKED_CTE}
   SELECT ic.oid, n.nspname AS schema, c.relname AS table_name, i.indrelid AS table_oid, ic.relname AS name, ic.relkind,
       am.amname AS method, i.indisunique AS is_unique, i.indisprimary AS is_primary,
       i.indisexclusion AS is_exclusion, i.indimmediate AS immediate, i.indisvalid AS is_valid,
       i.indisreplident AS is_replica_identity, ${nullsNotDistinct} AS nulls_not_distinct,
       i.indnatts AS column_count, i.indnkeyatts AS key_column_count,
       CASE WHEN NOT lk.locked THEN pg_catalog.pg_get_expr(i.indpred, i.indrelid, true) END AS predicate,
       CASE WHEN NOT lk.locked THEN pg_catalog.pg_get_expr(i.indexprs, i.indrelid, true) END AS expressions,
       NULL::pg_catalog.json AS columns,
       CASE WHEN NOT lk.locked AND (i.indexprs IS NOT NULL OR i.indpred IS NOT NULL OR EXISTS (
              SELECT 1 FROM pg_catalog.pg_attribute ia WHERE ia.attrelid = i.indexrelid AND ia.attoptions IS NOT NULL))
            THEN pg_catalog.pg_get_indexdef(i.indexrelid, 0, true) END AS definition,
       con.conname AS constraint_name,
       pc.relname AS parent_index,
       ts.spcname AS tablespace, ic.reloptions::text[] AS reloptions,
       lk.locked,
       i.indkey::pg_catalog.int2[] AS _attnums, i.indoption::pg_catalog.int2[] AS _options,
       i.indclass::pg_catalog.oid[] AS _opclasses, i.indcollation::pg_catalog.oid[] AS _collations,
       CASE WHEN i.indexprs IS NOT NULL AND NOT lk.locked
            THEN ARRAY(SELECT CASE WHEN i.indkey[k - 1] = 0 THEN pg_catalog.pg_get_indexdef(i.indexrelid, k, true) END
                         FROM pg_catalog.generate_series(1, i.indnatts::int) k ORDER BY k) END AS _expressions
     FROM pg_catalog.pg_index i
     JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid
     JOIN pg_catalog.pg_class c ON c.oid = i.indrelid
     JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
     JOIN pg_catalog.pg_am am ON am.oid = ic.relam
     LEFT JOIN pg_catalog.pg_constraint con ON con.conindid = ic.oid AND con.conrelid = c.oid AND con.contype IN ('p', 'u', 'x')
     LEFT JOIN pg_catalog.pg_inherits inh ON inh.inhrelid = ic.oid
     LEFT JOIN pg_catalog.pg_class pc ON pc.oid = inh.inhparent
     LEFT JOIN pg_catalog.pg_tablespace ts ON ts.oid = ic.reltablespace
     CROSS JOIN LATERAL (SELECT ${isLocked('ic.oid')} OR ${isLocked('c.oid')} AS locked) lk
    WHERE ${userSchema('n')} AND ${notExtensionMember('pg_class', 'c.oid')}
    ORDER BY n.nspname, c.relname, ic.relname`;

/** indnullsnotdistinct (UNIQUE NULLS NOT DISTINCT) is 15+. */
export const INDEXES: PgQuery = {
  name: 'indexes',
  packed: true,
  variants: [
    { since: 150000, sql: indexesSql('i.indnullsnotdistinct') },
    { since: 0, sql: indexesSql('false') },
  ],
};

/**
 * Views and materialized views; check_option, security_barrier and security_invoker (15+) are
 * reloptions, kept as text; sizes in RELATION_SIZES. pg_get_viewdef locks the view and every
 * relation its query reads until the transaction ends: run in a savepoint that is rolled back,
 * and skipped (definition_skipped) when views read more relations than LOCK_BUDGET.
 */
export const VIEWS = holdsLocks(query(
  'views',
  `WITH ${LOCKED_CTE},
   budget AS (
     SELECT (SELECT pg_catalog.count(DISTINCT d.refobjid) FROM pg_catalog.pg_depend d
               JOIN pg_catalog.pg_rewrite rw ON rw.oid = d.objid
               JOIN pg_catalog.pg_class v ON v.oid = rw.ev_class AND v.relkind IN ('v', 'm')
               JOIN pg_catalog.pg_namespace vn ON vn.oid = v.relnamespace
              WHERE d.classid = 'pg_catalog.pg_rewrite'::pg_catalog.regclass AND d.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass
                AND ${userSchema('vn')})
            > ${LOCK_BUDGET} AS skip)
   SELECT c.oid, n.nspname AS schema, c.relname AS name, c.relkind, c.relkind = 'm' AS materialized,
       pg_catalog.pg_get_userbyid(c.relowner) AS owner,
       CASE WHEN NOT lk.locked AND NOT b.skip THEN pg_catalog.pg_get_viewdef(c.oid, true) END AS definition,
       b.skip AS definition_skipped,
       (SELECT o.option_value FROM pg_catalog.pg_options_to_table(c.reloptions) o WHERE o.option_name = 'check_option') AS check_option,
       (SELECT o.option_value FROM pg_catalog.pg_options_to_table(c.reloptions) o WHERE o.option_name = 'security_barrier') AS security_barrier,
       (SELECT o.option_value FROM pg_catalog.pg_options_to_table(c.reloptions) o WHERE o.option_name = 'security_invoker') AS security_invoker,
       c.reloptions::text[] AS reloptions,
       CASE WHEN c.relkind = 'm' THEN c.relispopulated END AS populated,
       lk.locked, ts.spcname AS tablespace,
       ds.description AS comment
     FROM pg_catalog.pg_class c
     JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
     LEFT JOIN pg_catalog.pg_tablespace ts ON ts.oid = c.reltablespace
     ${commentJoin('ds', 'pg_class', 'c.oid')}
     CROSS JOIN budget b
     CROSS JOIN LATERAL (SELECT ${isLocked('c.oid')} OR EXISTS (
         SELECT 1 FROM pg_catalog.pg_rewrite rw
           JOIN pg_catalog.pg_depend d ON d.classid = 'pg_catalog.pg_rewrite'::pg_catalog.regclass AND d.objid = rw.oid
            AND d.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass
           JOIN locked ON locked.relation = d.refobjid
          WHERE rw.ev_class = c.oid) AS locked) lk
    WHERE c.relkind IN ('v', 'm') AND ${userSchema('n')} AND ${notExtensionMember('pg_class', 'c.oid')}
    ORDER BY n.nspname, c.relname`,
));


/**
 * Non-internal triggers. tgtype bits: 1 ROW (else STATEMENT), 2 BEFORE, 64 INSTEAD OF (neither:
 * AFTER), 4 INSERT, 8 DELETE, 16 UPDATE, 32 TRUNCATE. tgenabled: O on (origin and local),
 * D disabled, R replica only, A always. Before 13, clones of a partitioned table's trigger on
 * its partitions are internal (so left out); from 13 they are not and name their parent.
 */
const triggersSql = (parent: string) => `WITH ${LOCKED_CTE}
   SELECT t.oid, n.nspname AS schema, c.relname AS table_name, t.tgname AS name,
       CASE WHEN NOT lk.locked THEN pg_catalog.pg_get_triggerdef(t.oid, true) END AS definition,
       CASE WHEN t.tgtype::int & 2 <> 0 THEN 'BEFORE' WHEN t.tgtype::int & 64 <> 0 THEN 'INSTEAD OF' ELSE 'AFTER' END AS timing,
       pg_catalog.array_remove(ARRAY[
         CASE WHEN t.tgtype::int & 4 <> 0 THEN 'INSERT' END, CASE WHEN t.tgtype::int & 16 <> 0 THEN 'UPDATE' END,
         CASE WHEN t.tgtype::int & 8 <> 0 THEN 'DELETE' END, CASE WHEN t.tgtype::int & 32 <> 0 THEN 'TRUNCATE' END], NULL) AS events,
       CASE WHEN t.tgtype::int & 1 <> 0 THEN 'ROW' ELSE 'STATEMENT' END AS orientation,
       t.tgtype, t.tgenabled AS enabled,
       fn.nspname AS function_schema, p.proname AS function_name,
       t.tgconstraint <> 0 AS is_constraint_trigger, t.tgdeferrable AS deferrable, t.tginitdeferred AS deferred,
       ${parent} AS parent_oid,
       ds.description AS comment,
       lk.locked
     FROM pg_catalog.pg_trigger t
     JOIN pg_catalog.pg_class c ON c.oid = t.tgrelid
     JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
     ${commentJoin('ds', 'pg_trigger', 't.oid')}
     CROSS JOIN LATERAL (SELECT ${isLocked('c.oid')} AS locked) lk
     JOIN pg_catalog.pg_proc p ON p.oid = t.tgfoid
     JOIN pg_catalog.pg_namespace fn ON fn.oid = p.pronamespace
    WHERE NOT t.tgisinternal AND ${userSchema('n')} AND ${notExtensionMember('pg_class', 'c.oid')}
    ORDER BY n.nspname, c.relname, t.tgname`;

/** tgparentid is 13+. */
export const TRIGGERS: PgQuery = {
  name: 'triggers',
  variants: [
    { since: 130000, sql: triggersSql('NULLIF(t.tgparentid, 0)') },
    { since: 0, sql: triggersSql('NULL::oid') },
  ],
};

/**
 * The planner's page count is known: set by VACUUM, ANALYZE and CREATE INDEX. From 14 a
 * relation never processed says reltuples = -1; before 14 it says 0 pages and 0 tuples
 * (as does an empty table processed since, which is then measured: cheap when empty).
 */
const PAGE_COUNT_KNOWN = 'c.reltuples >= 0';
const PAGE_COUNT_KNOWN_BEFORE_14 = '(c.relpages > 0 OR c.reltuples > 0)';

/**
 * Size of every table (r), materialized view (m) and index (i); table_oid ties an index to
 * its table. Partitioned and foreign tables have none.
 *
 * Where the planner's page count is known, `bytes` is relpages × block_size (for a table, plus
 * the pages of its TOAST table and TOAST index): an estimate as of the relation's last VACUUM,
 * ANALYZE or CREATE INDEX, without the free-space and visibility maps, and `bytes_estimated`
 * says so. It reads no file and opens no relation. Otherwise (never vacuumed or analyzed) the
 * files are measured: pg_table_size for tables (with TOAST and the maps, without indexes),
 * pg_relation_size for indexes, null when the relation is locked. Measuring opens each
 * relation, and on a cold server session that cost 1.2 s of server time for 20,000 relations,
 * the slowest part of the read; pg_database_size still gives each database's exact total.
 */
const relationSizesSql = (hasPages: string) => `WITH ${LOCKED_CTE}
   SELECT c.oid, n.nspname AS schema, c.relname AS name, c.relkind, COALESCE(x.indrelid, c.oid) AS table_oid, lk.locked,
       est.estimated AS bytes_estimated,
       CASE WHEN est.estimated
              THEN (c.relpages::int8 + COALESCE(tt.relpages, 0) + COALESCE(ti.relpages, 0)) * pg_catalog.current_setting('block_size')::int8
            WHEN lk.locked THEN NULL
            WHEN c.relkind = 'i' THEN pg_catalog.pg_relation_size(c.oid)
            ELSE pg_catalog.pg_table_size(c.oid) END AS bytes
     FROM pg_catalog.pg_class c
     JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
     LEFT JOIN pg_catalog.pg_index x ON x.indexrelid = c.oid
     LEFT JOIN pg_catalog.pg_class tt ON tt.oid = c.reltoastrelid
     LEFT JOIN pg_catalog.pg_index tx ON tx.indrelid = c.reltoastrelid
     LEFT JOIN pg_catalog.pg_class ti ON ti.oid = tx.indexrelid
     CROSS JOIN LATERAL (SELECT ${isLocked('c.oid')} OR ${isLocked('c.reltoastrelid')} AS locked) lk
     CROSS JOIN LATERAL (SELECT ${hasPages} AS estimated) est
    WHERE c.relkind IN ('r', 'm', 'i') AND ${userSchema('n')} AND ${notExtensionMember('pg_class', 'COALESCE(x.indrelid, c.oid)')}
    ORDER BY n.nspname, c.relname`;

export const RELATION_SIZES: PgQuery = {
  name: 'relation_sizes',
  packed: true,
  variants: [
    { since: 140000, sql: relationSizesSql(PAGE_COUNT_KNOWN) },
    { since: 0, sql: relationSizesSql(PAGE_COUNT_KNOWN_BEFORE_14) },
  ],
};

/**
 * Sequences with their owning column. last_value is null when never used, when we lack
 * SELECT or USAGE (last_value_readable), when the database has more sequences than
 * LOCK_BUDGET (last_value_skipped: pg_sequence_last_value keeps a ROW EXCLUSIVE lock on each),
 * or when another session holds or waits for a lock that conflicts with that (ALTER SEQUENCE:
 * locked). Those locks belong to the top transaction (a savepoint does not let them go), so
 * this query runs last, right before the snapshot ends.
 */
export const SEQUENCES = locksUntilEnd(query(
  'sequences',
  `WITH seq_locked AS (
     SELECT DISTINCT l.relation FROM pg_catalog.pg_locks l
      WHERE l.locktype = 'relation' AND l.mode IN ('ShareLock', 'ShareRowExclusiveLock', 'ExclusiveLock', 'AccessExclusiveLock')
        AND l.database = (SELECT d.oid FROM pg_catalog.pg_database d WHERE d.datname = pg_catalog.current_database())),
   budget AS (SELECT (SELECT pg_catalog.count(*) FROM pg_catalog.pg_class s WHERE s.relkind = 'S') > ${LOCK_BUDGET} AS skip)
   SELECT c.oid, n.nspname AS schema, c.relname AS name,
       pg_catalog.format_type(s.seqtypid, NULL) AS data_type,
       s.seqstart AS start_value, s.seqincrement AS increment_by, s.seqmin AS min_value, s.seqmax AS max_value,
       s.seqcache AS cache_size, s.seqcycle AS cycle,
       pg_catalog.has_sequence_privilege(c.oid, 'SELECT,USAGE') AS last_value_readable,
       b.skip AS last_value_skipped,
       EXISTS (SELECT 1 FROM seq_locked sl WHERE sl.relation = c.oid) AS locked,
       CASE WHEN NOT b.skip AND pg_catalog.has_sequence_privilege(c.oid, 'SELECT,USAGE')
                 AND NOT EXISTS (SELECT 1 FROM seq_locked sl WHERE sl.relation = c.oid)
            THEN pg_catalog.pg_sequence_last_value(c.oid) END AS last_value,
       ow.tbl_schema AS owned_by_schema, ow.tbl_name AS owned_by_table, ow.col_name AS owned_by_column, ow.deptype AS owned_by_deptype,
       pg_catalog.pg_get_userbyid(c.relowner) AS owner,
       ds.description AS comment
     FROM pg_catalog.pg_class c
     JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
     JOIN pg_catalog.pg_sequence s ON s.seqrelid = c.oid
     ${commentJoin('ds', 'pg_class', 'c.oid')}
     CROSS JOIN budget b
     LEFT JOIN LATERAL (
         SELECT tn.nspname AS tbl_schema, tc.relname AS tbl_name, ta.attname AS col_name, d.deptype
           FROM pg_catalog.pg_depend d
           JOIN pg_catalog.pg_class tc ON tc.oid = d.refobjid
           JOIN pg_catalog.pg_namespace tn ON tn.oid = tc.relnamespace
           JOIN pg_catalog.pg_attribute ta ON ta.attrelid = d.refobjid AND ta.attnum = d.refobjsubid
          WHERE d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.objid = c.oid
            AND d.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.refobjsubid > 0 AND d.deptype IN ('a', 'i')
          LIMIT 1) ow ON true
    WHERE c.relkind = 'S' AND ${userSchema('n')} AND ${notExtensionMember('pg_class', 'c.oid')}
    ORDER BY n.nspname, c.relname`,
));

/**
 * The per-database queries in the order they run over one connection (SEQUENCES last: it keeps
 * its locks until the end). Over several connections see HEAVIEST_FIRST.
 */
export const DATABASE_QUERIES: readonly PgQuery[] = [
  SCHEMAS,
  TABLES,
  COLUMNS,
  CONSTRAINTS,
  INDEXES,
  VIEWS,
  ROUTINES,
  TRIGGERS,
  RELATION_SIZES,
  ENUM_TYPES,
  COMPOSITE_TYPES,
  DOMAINS,
  RANGE_TYPES,
  EXTENSIONS,
  EVENT_TRIGGERS,
  TABLE_STATS,
  SEQUENCES,
];

/**
 * When a database is read over several connections, these queries are handed out first, the
 * costliest first (server time plus row conversion, measured on 5,000 tables of 20 columns
 * and 500 views: columns about 40% of the whole, indexes and constraints 15–20% each), so that
 * the longest one starts at once and the short ones fill in behind it. The rest follow in
 * DATABASE_QUERIES order, SEQUENCES last of all.
 */
export const HEAVIEST_FIRST: readonly string[] = ['columns', 'indexes', 'constraints', 'views', 'relation_sizes', 'tables', 'table_stats'];

/**
 * Names of the given attributes (relation oid and attnum side by side in $1 and $2), for the
 * few that constraints and indexes refer to and the columns rows do not have: a foreign key to
 * an extension's table, say (attribute-names.ts). Not one of DATABASE_QUERIES: it runs only
 * when needed, once per database, and its rows are not kept.
 */
export const ATTRIBUTE_NAMES = query(
  'attribute_names',
  `SELECT a.attrelid AS table_oid, a.attnum AS ordinal, a.attname AS name
     FROM ROWS FROM (pg_catalog.unnest($1::pg_catalog.oid[]), pg_catalog.unnest($2::pg_catalog.int2[])) AS k(rel, num)
     JOIN pg_catalog.pg_attribute a ON a.attrelid = k.rel AND a.attnum = k.num`,
);

/**
 * Operator class and collation names by oid, for the index column entries (index-columns.ts):
 * a few hundred rows, read once per database before the catalog queries. Not one of
 * DATABASE_QUERIES: its rows are not kept.
 */
export const INDEX_LOOKUPS = query(
  'index_lookups',
  `SELECT 'opclass' AS kind, oc.oid, oc.opcname AS name, oc.opcdefault AS is_default FROM pg_catalog.pg_opclass oc
   UNION ALL
   SELECT 'collation', co.oid, co.collname, NULL FROM pg_catalog.pg_collation co`,
);
