/**
 * Stored-program constructs beyond the corpus, on the real servers (ran against MariaDB 10.11
 * and PostgreSQL 15): cursor loops with a CONTINUE handler, WHILE/REPEAT with labels and
 * ITERATE, CASE, SIGNAL, EXIT handlers, OUT/INOUT parameters, ROW_COUNT(), LAST_INSERT_ID(),
 * PREPARE/EXECUTE of a text built from literals and variables, BEFORE triggers that set NEW
 * (a TINYINT(1) column that became boolean), and hostile names.
 * Each routine is created on MariaDB, converted, created on PostgreSQL, called with the same
 * arguments on both and compared; the triggers' effects are compared row by row.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, dropDatabase, runSql, uniqueName } from '../helpers/db-roundtrip.js';
import type { RoutineCall } from './procedural-fixtures.js';
import { callMysql, callPostgres, prepare, tableRows, type Prepared } from './procedural-harness.js';

const TABLES = `
CREATE TABLE account (id INT AUTO_INCREMENT PRIMARY KEY, owner VARCHAR(40) NOT NULL, balance DECIMAL(10,2) NOT NULL DEFAULT 0,
  is_vip TINYINT(1) NOT NULL DEFAULT 0, note VARCHAR(100) NULL);
CREATE TABLE audit_log (id INT AUTO_INCREMENT PRIMARY KEY, account_id INT, action VARCHAR(20), amount DECIMAL(10,2));
CREATE TABLE \`Weird "Name"; x\` (id INT PRIMARY KEY, \`Mixed Col\` VARCHAR(20));
CREATE TABLE \`Parent Table\` (id INT PRIMARY KEY);
CREATE TABLE \`Café Ü\` (id INT PRIMARY KEY, qty INT);
`;

const ROUTINES = [
  `CREATE FUNCTION total_vip_balance() RETURNS DECIMAL(12,2) READS SQL DATA
BEGIN
  DECLARE done INT DEFAULT FALSE;
  DECLARE b DECIMAL(10,2);
  DECLARE v TINYINT(1);
  DECLARE total DECIMAL(12,2) DEFAULT 0;
  DECLARE cur CURSOR FOR SELECT balance, is_vip FROM account ORDER BY id;
  DECLARE CONTINUE HANDLER FOR NOT FOUND SET done = TRUE;
  OPEN cur;
  read_loop: LOOP
    FETCH cur INTO b, v;
    IF done THEN LEAVE read_loop; END IF;
    IF v = 1 THEN SET total = total + b; END IF;
  END LOOP;
  CLOSE cur;
  RETURN total;
END`,
  `CREATE FUNCTION sum_odd(n INT) RETURNS INT DETERMINISTIC
BEGIN
  DECLARE i INT DEFAULT 0;
  DECLARE s INT DEFAULT 0;
  lbl: WHILE i < n DO
    SET i = i + 1;
    IF i MOD 2 = 0 THEN ITERATE lbl; END IF;
    SET s = s + i;
  END WHILE lbl;
  REPEAT SET s = s + 1000; UNTIL s > 0 END REPEAT;
  RETURN s;
END`,
  `CREATE FUNCTION describe_amount(a DECIMAL(10,2)) RETURNS VARCHAR(80) DETERMINISTIC
BEGIN
  DECLARE label VARCHAR(20);
  CASE
    WHEN a IS NULL THEN SET label = 'none';
    WHEN a < 10 THEN SET label = 'small';
    ELSE SET label = 'large';
  END CASE;
  RETURN CONCAT(label, ':', IF(a > 100, 'hi', 'lo'), ':', ROUND(a / 3, 2), ':', IFNULL(a, -1));
END`,
  `CREATE FUNCTION \`Ratio "%"\`(a DECIMAL(5,2), b INT) RETURNS DECIMAL(10,4) DETERMINISTIC
  RETURN a / b`,
  `CREATE PROCEDURE deposit(IN p_id INT, IN p_amount DECIMAL(10,2), OUT p_log_id INT, OUT p_rows INT)
BEGIN
  IF p_amount <= 0 THEN
    SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'amount must be positive';
  END IF;
  UPDATE account SET balance = balance + p_amount WHERE id = p_id;
  SET p_rows = ROW_COUNT();
  INSERT INTO audit_log (account_id, action, amount) VALUES (p_id, 'deposit', p_amount);
  SET p_log_id = LAST_INSERT_ID();
END`,
  `CREATE PROCEDURE safe_insert(IN p_id INT, OUT p_status VARCHAR(20))
BEGIN
  DECLARE EXIT HANDLER FOR 1062 BEGIN SET p_status = 'duplicate'; END;
  SET p_status = 'ok';
  INSERT INTO \`Weird "Name"; x\` (id, \`Mixed Col\`) VALUES (p_id, 'v');
END`,
  `CREATE PROCEDURE vip_owners(IN p_min DECIMAL(10,2))
BEGIN
  SELECT owner, is_vip FROM account WHERE balance >= p_min AND is_vip = 1;
END`,
  `CREATE PROCEDURE \`count parents\`(IN min_id INT, OUT n INT, INOUT note VARCHAR(50))
BEGIN
  SELECT COUNT(*) INTO n FROM \`Parent Table\` WHERE id >= min_id;
  SET note = CONCAT(IFNULL(note, 'none'), '!');
END`,
  `CREATE TRIGGER \`trg before ins\` BEFORE INSERT ON \`Café Ü\` FOR EACH ROW
BEGIN
  IF NEW.qty < 0 THEN
    SET NEW.qty = 0;
  END IF;
END`,
  `CREATE PROCEDURE count_rows(IN tbl VARCHAR(64), IN min_id INT)
BEGIN
  SET @q = CONCAT('SELECT COUNT(*) AS n FROM ', tbl, ' WHERE id >= ', min_id);
  PREPARE st FROM @q;
  EXECUTE st;
  DEALLOCATE PREPARE st;
END`,
  `CREATE TRIGGER account_bi BEFORE INSERT ON account FOR EACH ROW
BEGIN
  IF NEW.balance >= 1000 THEN SET NEW.is_vip = 1; END IF;
  SET NEW.note = CONCAT('created for ', NEW.owner);
END`,
  `CREATE TRIGGER account_bu BEFORE UPDATE ON account FOR EACH ROW SET NEW.note = CONCAT('balance was ', OLD.balance)`,
  `CREATE TRIGGER account_ad AFTER DELETE ON account FOR EACH ROW
  INSERT INTO audit_log (account_id, action, amount) VALUES (OLD.id, 'delete', OLD.balance)`,
];

/** Portable statements: they fire the triggers on both engines. */
const DATA = [
  "INSERT INTO account (owner, balance) VALUES ('ann', 50.00), ('bob', 1500.00), ('cy', 1000.00), ('dee', 0.00)",
  "UPDATE account SET balance = balance + 1 WHERE owner = 'dee'",
  "DELETE FROM account WHERE owner = 'cy'",
  'INSERT INTO "Parent Table" (id) VALUES (1), (2), (3)',
  'INSERT INTO "Café Ü" (id, qty) VALUES (1, 5), (2, -3)',
];

const CALLS: RoutineCall[] = [
  { routine: 'total_vip_balance', args: [] },
  ...[0, 1, 5, 10].map((n) => ({ routine: 'sum_odd', args: [n] })),
  ...[5, 50, 150.5].map((a) => ({ routine: 'describe_amount', args: [a] })),
  { routine: 'Ratio "%"', args: [7, 2] },
  { routine: 'deposit', args: [1, 10] },
  { routine: 'deposit', args: [99, 10] },
  { routine: 'deposit', args: [1, -5] },
  { routine: 'safe_insert', args: [1] },
  { routine: 'safe_insert', args: [1] },
  { routine: 'vip_owners', args: [100] },
  { routine: 'count parents', args: [2] },
  { routine: 'count_rows', args: ['account', 2] },
  { routine: 'count_rows', args: ['audit_log', 1] },
  { routine: 'total_vip_balance', args: [] },
];

describe('stored-program constructs on PostgreSQL', () => {
  const db = uniqueName('scout_h6');
  let env: Prepared;
  const lines: string[] = [];

  beforeAll(async () => {
    await createDatabase('mysql', db);
    await createDatabase('postgres', db);
    await runSql('mysql', db, TABLES);
    env = await prepare(db, ROUTINES);
    for (const stmt of DATA) {
      // The statements quote names the PostgreSQL way; MySQL reads them with ANSI_QUOTES.
      await env.my.query(`SET SESSION sql_mode = CONCAT(@@sql_mode, ',ANSI_QUOTES'); ${stmt}; SET SESSION sql_mode = REPLACE(@@sql_mode, ',ANSI_QUOTES', '')`);
      await env.pgc.query(`SET search_path = "${env.schema}"; ${stmt.replace(/"Parent Table"|"Café Ü"/g, (m) => m.toLowerCase())}`);
    }
  }, 240_000);

  afterAll(async () => {
    for (const l of lines) console.log(l);
    await env?.my.end();
    await env?.pgc.end();
    await dropDatabase('mysql', db);
    await dropDatabase('postgres', db);
  });

  it('converts every routine and trigger, and each behaves the same', async () => {
    const schema = env.model.schemas[0]!;
    const failures: string[] = [];
    for (const call of CALLS) {
      const r = schema.routines.find((x) => x.name === call.routine)!;
      const object = `${schema.name}.${r.name}`;
      const error = env.created.has(object) ? env.created.get(object)! : 'not converted';
      if (error !== null) {
        failures.push(`${r.name}: ${error}`);
        continue;
      }
      const a = await callMysql(env.my, r, call);
      const b = await callPostgres(env.pgc, env.schema, r, call, env.targets.get(object)!);
      const same = JSON.stringify(a) === JSON.stringify(b);
      lines.push(`${r.name}(${call.args.join(', ')}): created yes, same behaviour ${same ? 'yes' : 'no'}`);
      if (!same) failures.push(`${r.name}(${call.args.join(', ')}): MySQL ${JSON.stringify(a)} vs PostgreSQL ${JSON.stringify(b)}`);
    }
    for (const t of schema.triggers) {
      const error = env.created.get(`${schema.name}.${t.table}.${t.name}`);
      lines.push(`trigger ${t.name}: created ${error === null ? 'yes' : `no (${error})`}`);
      if (error !== null) failures.push(`trigger ${t.name}: ${error ?? 'not converted'}`);
    }
    for (const table of ['account', 'audit_log', 'Weird "Name"; x', 'Café Ü']) {
      const a = await tableRows('mysql', env.my, env.pgc, env.schema, table);
      const b = await tableRows('postgres', env.my, env.pgc, env.schema, table.toLowerCase());
      if (JSON.stringify(a) !== JSON.stringify(b)) failures.push(`${table}: MySQL ${JSON.stringify(a)} vs PostgreSQL ${JSON.stringify(b)}`);
    }
    expect(failures).toEqual([]);
  }, 240_000);
});
