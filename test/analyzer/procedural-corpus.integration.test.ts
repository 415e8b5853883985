/**
 * Procedural code MySQL → PL/pgSQL, proven on the real servers (ran against MariaDB 10.11 and
 * PostgreSQL 15): sakila's and employees' routines and triggers (read at run time from
 * /work/shared/corpus) are created on MariaDB over small tables and data written here,
 * collected with the agent, converted, and created on PostgreSQL. Each function and
 * procedure is called with the same arguments on both, each trigger fired with the same
 * statements, and the results and resulting rows compared. One line per routine says
 * whether it was created and behaves the same.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, dropDatabase, runSql, uniqueName } from '../helpers/db-roundtrip.js';
import {
  CORPUS, EMPLOYEES_CALLS, EMPLOYEES_DATA, EMPLOYEES_TABLES, EMPLOYEES_VIEW, SAKILA_CALLS, SAKILA_TABLES, SAKILA_TRIGGER_STATEMENTS,
  corpusAvailable, routineStatements, sakilaData, type RoutineCall,
} from './procedural-fixtures.js';
import { callMysql, callPostgres, prepare, tableRows, type Prepared } from './procedural-harness.js';

interface Case {
  name: string;
  tables: string;
  data: (engine: 'mysql' | 'postgres') => string;
  file: string;
  calls: RoutineCall[];
  triggerStatements: string[];
  view?: typeof EMPLOYEES_VIEW;
}

const CASES: Case[] = [
  { name: 'sakila', tables: SAKILA_TABLES, data: (e) => sakilaData(e === 'mysql' ? '1' : 'TRUE', e === 'mysql' ? '0' : 'FALSE'), file: `${CORPUS}/sakila/sakila-schema.sql`, calls: SAKILA_CALLS, triggerStatements: SAKILA_TRIGGER_STATEMENTS },
  { name: 'employees', tables: EMPLOYEES_TABLES, data: () => EMPLOYEES_DATA, file: `${CORPUS}/employees/objects.sql`, calls: EMPLOYEES_CALLS, triggerStatements: [], view: EMPLOYEES_VIEW },
];

const run = corpusAvailable() ? describe : describe.skip;
if (!corpusAvailable()) console.warn(`procedural corpus tests skipped: ${CORPUS} is missing`);

run.each(CASES)('procedural code of $name on PostgreSQL', (tc) => {
  const db = uniqueName('scout_h6');
  let env: Prepared;
  const results: { name: string; created: boolean; same: boolean; detail: string }[] = [];

  beforeAll(async () => {
    await createDatabase('mysql', db);
    await createDatabase('postgres', db);
    await runSql('mysql', db, tc.tables);
    env = await prepare(db, [...routineStatements(tc.file), ...(tc.view ? [tc.view.mysql] : [])]);
    if (tc.view) await env.pgc.query(tc.view.postgres(env.schema));
    await runSql('mysql', db, tc.data('mysql'));
    await env.pgc.query(`SET search_path = "${env.schema}"; ${tc.data('postgres')}`);
  }, 240_000);

  afterAll(async () => {
    for (const r of results) console.log(`${tc.name}.${r.name}: created ${r.created ? 'yes' : 'no'}, same behaviour ${r.same ? 'yes' : 'no'}${r.detail ? ` (${r.detail})` : ''}`);
    await env?.my.end();
    await env?.pgc.end();
    await dropDatabase('mysql', db);
    await dropDatabase('postgres', db);
  });

  it('creates every routine and trigger and they behave the same', async () => {
    const { my, pgc, model, created, targets, schema: pgSchema } = env;
    const schema = model.schemas[0]!;
    for (const r of schema.routines) {
      const object = `${schema.name}.${r.name}`;
      const error = created.has(object) ? created.get(object)! : 'not converted';
      let same = error === null;
      let detail = error ?? '';
      for (const call of tc.calls.filter((c) => c.routine === r.name)) {
        if (!same) break;
        const a = await callMysql(my, r, call);
        const b = await callPostgres(pgc, pgSchema, r, call, targets.get(object)!);
        if (JSON.stringify(a) !== JSON.stringify(b)) {
          same = false;
          detail = `${r.name}(${call.args.join(', ')}): MySQL ${JSON.stringify(a)} vs PostgreSQL ${JSON.stringify(b)}`;
        }
      }
      results.push({ name: r.name, created: error === null, same, detail });
    }
    for (const stmt of tc.triggerStatements) {
      await my.query(stmt);
      await pgc.query(stmt.replace(/\b(film)\b/, `"${pgSchema}".film`));
    }
    for (const t of schema.triggers) {
      const object = `${schema.name}.${t.table}.${t.name}`;
      const error = created.has(object) ? created.get(object)! : 'not converted';
      const a = await tableRows('mysql', my, pgc, pgSchema, 'film_text');
      const b = await tableRows('postgres', my, pgc, pgSchema, 'film_text');
      const same = error === null && JSON.stringify(a) === JSON.stringify(b);
      results.push({ name: t.name, created: error === null, same, detail: error ?? (same ? '' : `film_text differs: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`) });
    }
    const good = results.filter((r) => r.created && r.same).length;
    console.log(`${tc.name}: ${good} of ${results.length} routines and triggers created and behaving the same`);
    expect(good / results.length).toBeGreaterThanOrEqual(0.9);
  }, 240_000);
});
