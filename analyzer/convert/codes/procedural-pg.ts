/**
 * Action codes of procedural code conversion PostgreSQL → MySQL (see catalog.ts). SCT numbers
 * where SCT raises the same item for PostgreSQL → MySQL: triggers 6080–6088, RETURN in
 * triggers 6651, RETURNING 6066, table functions 6603, RETURN NEXT 6604, VARIADIC 6605,
 * other languages 6675, user aggregates 6140 (../shared/ANCHORS.md §4.2).
 */
import type { ActionCode } from '../action-item.js';

const manual = (code: string, title: string, recommendation: string, sct?: number, effortHours = 1): ActionCode => ({ code, ...(sct ? { sct } : {}), severity: 'critical', title, recommendation, effortHours });
const warning = (code: string, title: string, recommendation: string, sct?: number, effortHours = 0.5): ActionCode => ({ code, ...(sct ? { sct } : {}), severity: 'warning', title, recommendation, effortHours });
const info = (code: string, title: string, recommendation: string, sct?: number): ActionCode => ({ code, ...(sct ? { sct } : {}), severity: 'info', title, recommendation, effortHours: 0 });

export const PROCEDURAL_PG_CODES: readonly ActionCode[] = [
  manual('pg_procedural_unsupported', 'The routine or trigger uses a PL/pgSQL construct the converter does not translate to MySQL; emitted commented out', 'Rewrite the listed construct for MySQL by hand; the rest of the body converts as the other routines show.'),
  manual('pg_procedural_parse_error', 'The routine or trigger body could not be parsed; emitted commented out', 'Convert the body by hand; the message names where the parser stopped.'),
  manual('pg_procedural_unsupported_function', 'A PostgreSQL function with no checked MySQL equivalent (or not a PostgreSQL function at all)', 'Replace the call with a MySQL expression of the same result, or create a MySQL function of that name first.'),
  manual('pg_procedural_returning', 'INSERT/UPDATE/DELETE … RETURNING inside a routine', 'Read the values with LAST_INSERT_ID() or a SELECT after the statement.', 6066),
  manual('pg_procedural_table_function', 'A set-returning function called in FROM (a table function)', 'Call the converted procedure first and read its result set, or fill a temporary table and join it.', 6603),
  manual('pg_procedural_return_next', 'RETURN NEXT that is not the plain "return each row of a query" loop', 'Collect the rows in a temporary table and SELECT it at the end of the procedure.', 6604),
  manual('pg_procedural_variadic', 'VARIADIC parameter', 'Pass the values as a JSON array or a delimited string.', 6605),
  manual('pg_procedural_other_language', 'A routine in a language other than PL/pgSQL or SQL (C, PL/Python, …)', 'Rewrite it in MySQL\'s SQL/PSM or move it to the application.', 6675, 4),
  manual('pg_procedural_aggregate', 'A user-defined aggregate: MySQL has no CREATE AGGREGATE for SQL functions', 'Use a built-in aggregate (GROUP_CONCAT, JSON_ARRAYAGG, …) or compute it in a procedure.', 6140, 2),
  manual('pg_procedural_transaction', 'Transaction control (COMMIT/ROLLBACK) inside a routine', 'Move the transaction control to the caller; MySQL refuses it in functions and triggers.'),
  manual('pg_trigger_statement_level', 'FOR EACH STATEMENT trigger: MySQL triggers fire for each row only', 'Run the statement-level logic from the application or a procedure after the statement, or rewrite it per row.', 6080, 2),
  manual('pg_trigger_instead_of', 'INSTEAD OF trigger on a view: MySQL has no INSTEAD OF triggers', 'Have the application write to the base tables, or provide a procedure that does.', 6084, 2),
  manual('pg_trigger_truncate', 'TRUNCATE trigger: MySQL has no triggers on TRUNCATE', 'Replace TRUNCATE by a procedure that does the trigger\'s work and then truncates.', 6088, 2),
  manual('pg_trigger_function_missing', 'The trigger calls a function that is not a PL/pgSQL function of the schema (a built-in such as suppress_redundant_updates_trigger, or a C function); tsvector_update_trigger is converted', 'Rewrite the trigger\'s effect for MySQL.', undefined, 2),
  warning('pg_trigger_constraint', 'A constraint trigger became a plain trigger: it fires at once, never deferred to commit', 'Check that the checks hold row by row; deferred checks must move to the application.', 6082),
  warning('pg_trigger_update_of', 'UPDATE OF columns became a test that a listed column changed: PostgreSQL fires when the column is in the SET list, even unchanged', 'Check that the trigger need not run for updates that set a column to its own value.', 6083),
  info('pg_trigger_multi_event', 'A trigger for several events became one MySQL trigger per event (MySQL allows one event per trigger)', 'None: the triggers share the body; TG_OP is each trigger\'s own event.', 6081),
  info('pg_trigger_partition_clone', 'A partition\'s copy of its partitioned table\'s trigger: MySQL partitions share the table\'s triggers, so it is converted once, on the table', 'Nothing to change: rows written through the table or a partition fire it.'),
  info('pg_trigger_function_inlined', 'A trigger function became the body of the MySQL triggers that call it (MySQL has no trigger functions)', 'None: change the triggers together when the logic changes.'),
  warning('pg_procedural_trigger_skip_row', 'RETURN NULL in a BEFORE trigger skips the row on PostgreSQL; on MySQL the trigger raises an error instead (the statement fails)', 'Filter the rows in the statement, or accept the error where the row must not be written.', 6651),
  info('pg_procedural_trigger_after_new', 'An assignment to NEW in an AFTER trigger (without effect on PostgreSQL) was left out', 'Nothing to change: the row written is the same.'),
  warning('pg_procedural_result_set', 'A set-returning function became a procedure that returns its rows as a result set', 'Callers must CALL the procedure and read its result set instead of selecting from the function; it cannot be used in FROM.', 6603),
  warning('pg_procedural_void_function', 'A function returning void became a procedure', 'Callers must CALL it instead of SELECT or PERFORM.'),
  info('pg_procedural_raise_notice', 'RAISE NOTICE/INFO/LOG/DEBUG was left out: a MySQL routine sends no messages to the client', 'Write the message to a log table if it is needed.'),
  info('pg_procedural_raise_detail', 'RAISE … USING DETAIL/HINT was left out: SIGNAL has no such items', 'Put what matters in the message text.'),
  warning('pg_procedural_exception_rollback', 'An EXCEPTION block became an EXIT handler: PostgreSQL undoes the block\'s changes when the exception is caught, MySQL keeps them', 'Wrap the block in a transaction with a savepoint where the changes must be undone.'),
  warning('pg_procedural_dynamic_sql', 'EXECUTE became PREPARE/EXECUTE: the statement text is built at run time in PostgreSQL\'s SQL', 'Check that every statement text the routine can build is valid MySQL (quoting, functions, types).'),
  warning('pg_procedural_division', 'A division that may be between integers: PostgreSQL truncates, MySQL returns a decimal', 'Use DIV where both operands are integers.', undefined, 0.25),
  warning('pg_procedural_expression_changed', 'An expression was translated with a difference in an edge case (NULL handling, regular expression flavour)', 'Check the translated expression against the values the routine handles.', undefined, 0.25),
  warning('pg_procedural_row_count', 'GET DIAGNOSTICS … ROW_COUNT became ROW_COUNT(): -1 after a SELECT, where PostgreSQL counts the rows', 'Count the rows with a separate SELECT COUNT(*) where it follows a SELECT.', undefined, 0.25),
  warning('pg_procedural_overloaded', 'Several PostgreSQL routines share a name: MySQL has no overloading, so this one was renamed', 'Update the callers of this overload to the new name.'),
  warning('pg_procedural_parameter_default', 'Parameters with DEFAULT values: MySQL routines have no parameter defaults', 'Callers that leave arguments out must pass the default values.'),
  info('pg_procedural_strict', 'A STRICT function returns NULL at once when an argument is NULL, as an explicit test at the start of the MySQL body', 'Nothing to change: the result is the same.'),
  info('pg_procedural_security_definer', 'SECURITY DEFINER became SQL SECURITY DEFINER: the definer is the account that creates the routine on MySQL', 'Create the routine with the account whose privileges it needs.'),
  warning('pg_fulltext_as_text', 'A tsvector kept by a trigger (to_tsvector, tsvector_update_trigger) became the text itself: the FULLTEXT index on the column tokenizes it', 'Rewrite searches with @@ as MATCH (col) AGAINST (… IN BOOLEAN MODE). MySQL\'s parser has no stemming and not the stop words of the text search configuration, skips words shorter than innodb_ft_min_token_size (3) and its own stop words, and splits words differently (it keeps _ inside a word, PostgreSQL splits Main_Page in two). Refill the column after the data load (UPDATE … SET col = the trigger\'s text): the copied tsvector text holds stemmed lexemes with positions.'),
  warning('pg_procedural_group_concat', 'A user aggregate that concatenates text is replaced by MySQL\'s built-in GROUP_CONCAT', 'Callers must write GROUP_CONCAT(x SEPARATOR \'…\') (the separator of the aggregate); lists longer than group_concat_max_len (1024 bytes by default) are cut.', 6140),
];
