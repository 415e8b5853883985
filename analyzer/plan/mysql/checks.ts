/**
 * MySQL and MariaDB prerequisite checks, named after the DMS premigration assessments where
 * one exists (https://docs.aws.amazon.com/dms/latest/userguide/CHAP_Tasks.AssessmentReport.MySQL.html),
 * and the Aurora physical-migration constraints (InnoDB only, 16 KB pages, no encrypted source:
 * https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/AuroraMySQL.Migrating.ExtMySQL.S3.html).
 */
import { fixStatements, makeCheck, objectsCheck, tablesOf, type TableRef } from '../check.js';
import type { ServerFacts } from '../facts.js';
import type { MigrationPath, PlanCheck, TargetEngineName } from '../schema.js';
import { MYSQL_RULES } from './rules.js';

const CDC: MigrationPath[] = ['dms'];
const LOGICAL_AND_PHYSICAL: MigrationPath[] = ['aurora-snapshot', 'aurora-read-replica', 'native-dump', 'dms'];

/** Parameter-group wording for managed sources, SET GLOBAL (and my.cnf) for the rest. */
function setFix(server: ServerFacts, name: string, value: string, quoted: boolean): string {
  if (server.hosting !== 'external') {
    return `Set ${name} = ${value} in the DB ${server.hosting === 'aurora' ? 'cluster ' : ''}parameter group of the source (aws rds modify-db-parameter-group --parameters "ParameterName=${name},ParameterValue=${value},ApplyMethod=immediate"), then reboot if the parameter is static.`;
  }
  const v = quoted ? `'${value}'` : value;
  const persist = server.flavor === 'mariadb' ? `and add ${name} = ${value} under [mysqld] in my.cnf` : `(MySQL 8: SET PERSIST ${name} = ${v}; else add it under [mysqld] in my.cnf)`;
  return `SET GLOBAL ${name} = ${v}; ${persist}`;
}

function binlogEnabled(s: ServerFacts): PlanCheck {
  const v = s.settings.get('log_bin');
  const base = { id: 'mysql-check-binlog-enabled', title: 'Binary logging is on', paths: CDC };
  if (v === undefined) return makeCheck({ ...base, status: 'unknown', detail: 'log_bin was not collected.' });
  const on = v.toUpperCase() === 'ON' || v === '1';
  const fix =
    s.hosting === 'external'
      ? 'Add log_bin = mysql-bin and server_id = <unique number ≥ 1> under [mysqld] in my.cnf and restart the server (log_bin cannot be set at run time).'
      : 'Turn on automated backups (a backup retention period of at least 1 day): RDS writes binary logs only then. aws rds modify-db-instance --db-instance-identifier <source> --backup-retention-period 7 --apply-immediately';
  return makeCheck({ ...base, status: on ? 'pass' : 'fail', detail: `log_bin is ${v}; change data capture reads the binary log.`, fix });
}

function binlogFormat(s: ServerFacts): PlanCheck {
  const v = s.settings.get('binlog_format');
  const base = { id: 'mysql-check-binlog-format', title: 'binlog_format is ROW', paths: CDC };
  if (v === undefined) return makeCheck({ ...base, status: 'unknown', detail: 'binlog_format was not collected.' });
  const ok = v.toUpperCase() === 'ROW';
  return makeCheck({ ...base, status: ok ? 'pass' : 'fail', detail: `binlog_format is ${v}; DMS change data capture needs ROW.`, fix: setFix(s, 'binlog_format', 'ROW', true) });
}

function binlogImage(s: ServerFacts): PlanCheck {
  const v = s.settings.get('binlog_row_image');
  const base = { id: 'mysql-check-binlog-image', title: 'binlog_row_image is FULL', paths: CDC };
  if (v === undefined) return makeCheck({ ...base, status: 'unknown', detail: 'binlog_row_image was not collected.' });
  const ok = v.toUpperCase() === 'FULL';
  return makeCheck({ ...base, status: ok ? 'pass' : 'fail', detail: `binlog_row_image is ${v}; DMS needs the full before and after image of each row.`, fix: setFix(s, 'binlog_row_image', 'FULL', true) });
}

const RETENTION_FIX = "CALL mysql.rds_set_configuration('binlog retention hours', 24);";

/**
 * RDS and Aurora keep binary logs for "binlog retention hours" (mysql.rds_configuration, not a
 * variable). NULL, the default, keeps none on RDS and lets Aurora purge lazily, usually within a
 * day: neither holds the logs for a full load that takes longer.
 */
function managedBinlogRetention(s: ServerFacts, base: { id: string; title: string; paths: MigrationPath[] }): PlanCheck {
  const rows = s.serverRows['rds_configuration'];
  if (!rows) {
    return makeCheck({
      ...base,
      status: 'unknown',
      detail: 'RDS and Aurora keep binary logs for "binlog retention hours" (mysql.rds_configuration), which was not read: an agent before 2026-11-26, or no SELECT on mysql.* (see mysql.rds_show_configuration).',
      fix: RETENTION_FIX,
    });
  }
  const value = rows.find((r) => r['name'] === 'binlog retention hours')?.['value'];
  const hours = value === null || value === undefined || value === '' ? null : Number(value);
  if (hours === null || !Number.isFinite(hours)) {
    return makeCheck({
      ...base,
      status: 'fail',
      detail:
        s.hosting === 'aurora'
          ? 'binlog retention hours is NULL: Aurora purges binary logs lazily, usually within a day, so CDC may not find the position where the full load began.'
          : 'binlog retention hours is NULL: RDS keeps no binary logs once they are backed up, so CDC cannot start from where the full load began.',
      fix: RETENTION_FIX,
    });
  }
  const ok = hours >= 24;
  return makeCheck({
    ...base,
    status: ok ? 'pass' : 'fail',
    detail: `binlog retention hours is ${hours}${ok ? '' : ': less than the 24 hours DMS asks for'}.`,
    fix: RETENTION_FIX,
  });
}

/** Binary logs must stay at least 24 h, so CDC can start from where the full load began. */
function binlogRetention(s: ServerFacts): PlanCheck {
  const base = { id: 'mysql-check-binlog-retention-time', title: 'Binary logs are kept at least 24 hours', paths: CDC };
  if (s.hosting !== 'external') return managedBinlogRetention(s, base);
  const seconds = Number(s.settings.get('binlog_expire_logs_seconds') ?? 'NaN');
  const days = Number(s.settings.get('expire_logs_days') ?? 'NaN');
  if (Number.isNaN(seconds) && Number.isNaN(days)) return makeCheck({ ...base, status: 'unknown', detail: 'Neither binlog_expire_logs_seconds nor expire_logs_days was collected.' });
  // A non-zero binlog_expire_logs_seconds wins over expire_logs_days; both 0 means never purged automatically.
  const effective = !Number.isNaN(seconds) && seconds > 0 ? seconds : !Number.isNaN(days) && days > 0 ? days * 86400 : 0;
  const hours = effective / 3600;
  if (effective === 0) return makeCheck({ ...base, status: 'pass', detail: 'Binary logs are never purged automatically (expiry 0); watch the disk during the migration.' });
  const ok = hours >= 24;
  return makeCheck({
    ...base,
    status: ok ? 'pass' : 'fail',
    detail: `Binary logs expire after ${Math.round(hours * 10) / 10} h.`,
    fix: s.flavor === 'mariadb' ? 'SET GLOBAL expire_logs_days = 1; and set it in my.cnf' : 'SET PERSIST binlog_expire_logs_seconds = 86400;',
  });
}

function serverId(s: ServerFacts): PlanCheck {
  const v = s.settings.get('server_id');
  const base = { id: 'mysql-check-server-id', title: 'server_id is 1 or more', paths: CDC };
  if (v === undefined) return makeCheck({ ...base, status: 'unknown', detail: 'server_id was not collected.' });
  const ok = Number(v) >= 1;
  return makeCheck({ ...base, status: ok ? 'pass' : 'fail', detail: `server_id is ${v}.`, fix: setFix(s, 'server_id', '1', false) });
}

const engineOf = (r: TableRef): string => r.table.attrs.engine ?? '';
const isInnodb = (r: TableRef): boolean => engineOf(r) === '' || engineOf(r).toLowerCase() === 'innodb';
const isCompressed = (r: TableRef): boolean => (r.table.attrs.row_format ?? '').toLowerCase() === 'compressed';
const isEncrypted = (r: TableRef): boolean => /encrypt(ion|ed)\s*=\s*'?(y|yes)'?/i.test(r.table.attrs.create_options ?? '');

function storageEngine(s: ServerFacts, tables: TableRef[]): PlanCheck[] {
  const other = tables.filter((t) => !isInnodb(t));
  const engines = [...new Set(other.map(engineOf))].sort();
  const toInnodb = other.map((t) => `ALTER TABLE ${MYSQL_RULES.quoteTable(t)} ENGINE=InnoDB, ALGORITHM=COPY;`);
  const compressed = tables.filter(isCompressed);
  const encrypted = tables.filter(isEncrypted);
  const notPhysical = [...new Set([...other, ...compressed, ...encrypted])];
  return [
    makeCheck({
      id: 'mysql-check-table-storage-engine',
      title: 'Tables use InnoDB',
      status: other.length > 0 ? 'warn' : 'pass',
      detail:
        other.length > 0
          ? `${other.length} table(s) use ${engines.join(', ')}; Aurora MySQL stores InnoDB only, so they are converted on the way (no transactions or crash safety before).`
          : 'Every table uses InnoDB.',
      fix: fixStatements(toInnodb),
      paths: LOGICAL_AND_PHYSICAL,
      objects: other.map((t) => `${t.label} (${engineOf(t)})`),
    }),
    makeCheck({
      id: 'scout-mysql-row-format-compressed',
      title: 'No ROW_FORMAT=COMPRESSED tables',
      status: compressed.length > 0 ? 'warn' : 'pass',
      detail: compressed.length > 0 ? `${compressed.length} table(s) use ROW_FORMAT=COMPRESSED, which Aurora MySQL does not support.` : 'No compressed tables.',
      fix: fixStatements(compressed.map((t) => `ALTER TABLE ${MYSQL_RULES.quoteTable(t)} ROW_FORMAT=DYNAMIC;`)),
      paths: LOGICAL_AND_PHYSICAL,
      objects: compressed.map((t) => t.label),
    }),
    makeCheck({
      id: 'scout-xtrabackup-innodb-only',
      title: 'Physical backup: InnoDB only, not compressed, not encrypted',
      status: notPhysical.length > 0 ? 'fail' : 'pass',
      detail:
        notPhysical.length > 0
          ? `${notPhysical.length} table(s) cannot be restored from an XtraBackup backup into Aurora (other engines ${other.length}, compressed ${compressed.length}, encrypted ${encrypted.length}).`
          : 'Every table is an uncompressed, unencrypted InnoDB table.',
      fix: fixStatements([
        ...toInnodb,
        ...compressed.map((t) => `ALTER TABLE ${MYSQL_RULES.quoteTable(t)} ROW_FORMAT=DYNAMIC;`),
        ...encrypted.map((t) => `ALTER TABLE ${MYSQL_RULES.quoteTable(t)} ENCRYPTION='N';`),
      ]),
      paths: ['xtrabackup-s3'],
      objects: notPhysical.map((t) => t.label),
    }),
  ];
}

function pageSize(s: ServerFacts): PlanCheck {
  const v = s.settings.get('innodb_page_size');
  const base = { id: 'scout-xtrabackup-page-size', title: 'innodb_page_size is 16 KB', paths: ['xtrabackup-s3'] as MigrationPath[] };
  if (v === undefined) return makeCheck({ ...base, status: 'unknown', detail: 'innodb_page_size was not collected.' });
  const ok = Number(v) === 16384;
  return makeCheck({ ...base, status: ok ? 'pass' : 'fail', detail: `innodb_page_size is ${v}; Aurora restores physical backups with 16 KB pages only.`, fix: 'Use a logical path (mysqldump or DMS): the page size is fixed when the data directory is created.' });
}

/** Setting the counters after cutover, in the target's own syntax. */
function autoIncrementFix(target: TargetEngineName): string {
  const prep = 'Create the target tables from the converted schema (pre-data script) before the full load and run the task with TargetTablePrepMode DO_NOTHING; after cutover set each counter: ';
  return target === 'aurora-postgresql'
    ? `${prep}SELECT setval(pg_get_serial_sequence('<schema>.<table>', '<column>'), (SELECT max(<column>) FROM <schema>.<table>)); -- or ALTER TABLE <schema>.<table> ALTER COLUMN <column> RESTART WITH <max + 1>; for identity columns`
    : `${prep}ALTER TABLE <table> AUTO_INCREMENT = <max(id) + 1>;`;
}

function autoIncrement(tables: TableRef[], target: TargetEngineName): PlanCheck {
  const withAi = tables.filter((t) => t.table.columns.some((c) => c.identity?.kind === 'auto_increment'));
  return objectsCheck({
    id: 'mysql-check-auto-increment',
    title: 'AUTO_INCREMENT columns',
    status: 'warn',
    found: (n) => `${n} table(s) have an AUTO_INCREMENT column; DMS does not carry the attribute to tables it creates.`,
    none: 'No AUTO_INCREMENT columns.',
    fix: autoIncrementFix(target),
    paths: CDC,
    objects: withAi.map((t) => t.label),
  });
}

function cascades(tables: TableRef[]): PlanCheck {
  const objects: string[] = [];
  for (const t of tables) {
    for (const fk of t.table.foreignKeys) {
      const actions = [fk.onDelete, fk.onUpdate].filter((a) => a === 'cascade' || a === 'set null' || a === 'set default');
      if (actions.length > 0) objects.push(`${t.label}.${fk.name} (${[...new Set(actions)].join(', ')})`);
    }
  }
  return objectsCheck({
    id: 'mysql-check-cascade-constraints',
    title: 'Foreign keys with cascading actions',
    status: 'warn',
    found: (n) => `${n} foreign key(s) cascade; changes made by a cascade are not written to the binary log, so DMS does not see them.`,
    none: 'No cascading foreign keys.',
    fix: 'Create the same foreign keys, with their ON DELETE / ON UPDATE actions, on the target before CDC starts, so the target cascades as the source does.',
    paths: CDC,
    objects,
  });
}

export function mysqlChecks(server: ServerFacts, target: TargetEngineName = 'aurora-mysql'): PlanCheck[] {
  const tables = tablesOf(server);
  return [
    binlogEnabled(server),
    binlogFormat(server),
    binlogImage(server),
    binlogRetention(server),
    serverId(server),
    ...storageEngine(server, tables),
    pageSize(server),
    autoIncrement(tables, target),
    cascades(tables),
  ];
}
