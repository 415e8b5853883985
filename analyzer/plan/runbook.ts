/**
 * The runbook for a server's recommended path: ordered steps with AWS CLI, SQL and shell
 * command templates. Placeholders are in <angle brackets>; names from the source systems
 * (database names, hosts) are shell-quoted where they enter a command line and SQL-quoted
 * where they enter SQL.
 */
import { createHash } from 'node:crypto';
import { safeFileStem } from '../convert/write-output.js';
import { quoteMysqlString } from '../dialects/mysql/quote.js';
import { quoteIdent as quotePgIdent, quoteLiteral as quotePgLiteral } from '../dialects/postgres/quote.js';
import type { ServerFacts } from './facts.js';
import type { MigrationPath, PlanCheck, PlanServer, RunbookStep } from './schema.js';
import type { PlanSettings } from './settings.js';
import { safeSlug } from '../safe-slug.js';

/** POSIX shell single quotes: safe for any text; a leading `-` is quoted too (see `operands` for option parsing). */
export const shellQuote = (s: string): string => (/^[A-Za-z0-9._\/:=@%+][A-Za-z0-9._\/:=@%+-]*$/.test(s) ? s : `'${s.replaceAll("'", `'\\''`)}'`);

/**
 * Positional operands for a command line, shell-quoted; preceded by `--` when one starts with
 * `-`, so getopt-style tools (mysqldump, createdb) cannot read it as an option.
 */
export const operands = (names: readonly string[]): string => `${names.some((n) => n.startsWith('-')) ? '-- ' : ''}${names.map(shellQuote).join(' ')}`;

const shortHash = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex').slice(0, 6);

/**
 * An AWS resource identifier: lower-case letters, digits and single hyphens, starting with a
 * letter, no trailing hyphen, at most `max` long (63 for DB clusters, instances and DMS
 * replication instances; 255 for DMS tasks). When the text had to change (case, other
 * characters, length), `-<6 hex of sha256(text)>` keeps different texts apart.
 */
export function awsIdentifier(text: string, max = 63): string {
  const base = text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^[^a-z]+/, '')
    .replace(/-+$/, '');
  if (base === text && base.length > 0 && base.length <= max) return base;
  const head = (base || 'scout').slice(0, max - 7).replace(/-+$/, '');
  return `${head}-${shortHash(text)}`;
}

/** Room for the longest suffix the runbook appends to the cluster id (`-assessment`) within 63. */
const CLUSTER_ID_MAX = 63 - '-assessment'.length;

/** The DB cluster identifier suggested for a server. */
export const clusterIdFor = (serverId: string): string => awsIdentifier(`aurora-${serverId}`, CLUSTER_ID_MAX);

/** The converted DDL scripts of one database, relative to the output directory. */
export interface DdlFiles {
  preData: string;
  postData: string;
}

/** The script written for this database if the caller passed it, else the name scout analyze gives it. */
const ddlFile = (c: Ctx, db: string, phase: 'pre-data' | 'post-data'): string => {
  const known = c.ddlFiles.get(db);
  if (known) return phase === 'pre-data' ? known.preData : known.postData;
  return ddlScriptPath(c.server.id, db, c.engineName, phase);
};

/**
 * The DDL script `scout analyze` writes for one database: `ddl/<server>-<db slug>/<db>.<mysql|postgresql>.<phase>.sql`
 * under its output directory (reports/file-names.ts ReportNames.ddlDir, convert/write-output.ts).
 */
export function ddlScriptPath(serverId: string, database: string, target: 'aurora-mysql' | 'aurora-postgresql', phase: 'pre-data' | 'post-data'): string {
  const convertTarget = target === 'aurora-mysql' ? 'mysql' : 'postgresql';
  return `ddl/${safeSlug(`${serverId}-${database}`)}/${safeFileStem(database)}.${convertTarget}.${phase}.sql`;
}

interface Ctx {
  server: ServerFacts;
  plan: Pick<PlanServer, 'target' | 'sizing' | 'checks'>;
  settings: PlanSettings;
  cluster: string;
  engineName: 'aurora-mysql' | 'aurora-postgresql';
  dbs: string[];
  source: string;
  port: number;
  /** Per database: the DMS artifact paths (relative), when written. */
  dmsFiles: Map<string, { mappings: string; settings: string }>;
  /** Per database: the DDL scripts the conversion wrote (relative to the output directory), when known. */
  ddlFiles: Map<string, DdlFiles>;
}

const region = (c: Ctx): string => `--region ${shellQuote(c.settings.region)}`;

function createCluster(c: Ctx, extra = ''): RunbookStep[] {
  const version = c.engineName === 'aurora-mysql' ? '<aurora-mysql-version, e.g. 8.0.mysql_aurora.3.x>' : '<aurora-postgresql-version>';
  return [
    {
      order: 0,
      title: 'Create the Aurora cluster',
      detail: `${c.plan.target.version}; network, subnet group and security groups must let the cluster reach the source for the copy.`,
      command: `aws rds create-db-cluster --db-cluster-identifier ${c.cluster} --engine ${c.engineName} --engine-version ${version} --master-username <admin-user> --manage-master-user-password --db-subnet-group-name <subnet-group> --vpc-security-group-ids <security-group-id> --storage-encrypted${extra} ${region(c)}`,
    },
    createInstance(c),
  ];
}

function createInstance(c: Ctx): RunbookStep {
  return {
    order: 0,
    title: 'Add the writer instance',
    detail: c.plan.sizing ? `Sized ${c.plan.sizing.instanceClass}: ${c.plan.sizing.rationale}` : 'Pick the instance class from the sizing section.',
    command: `aws rds create-db-instance --db-instance-identifier ${c.cluster}-1 --db-cluster-identifier ${c.cluster} --engine ${c.engineName} --db-instance-class ${c.plan.sizing?.instanceClass ?? '<instance-class>'} ${region(c)}`,
  };
}

function stopWrites(c: Ctx): RunbookStep {
  return { order: 0, title: 'Stop writes on the source', detail: `Put the applications using ${c.source}:${c.port} in maintenance, or make the source read-only.`, command: c.server.engine === 'mysql' && c.server.hosting === 'external' ? 'SET GLOBAL read_only = ON;' : null };
}

function repoint(c: Ctx): RunbookStep {
  return {
    order: 0,
    title: 'Validate and repoint the applications',
    detail: 'Compare row counts of the largest tables, run the application smoke tests, then switch connection strings (or the DNS name) to the cluster endpoint.',
    command: `aws rds describe-db-clusters --db-cluster-identifier ${c.cluster} --query 'DBClusters[0].Endpoint' ${region(c)}`,
  };
}

function snapshotSteps(c: Ctx): RunbookStep[] {
  return [
    stopWrites(c),
    { order: 0, title: 'Snapshot the RDS instance', detail: 'A manual snapshot taken after writes stopped holds every change.', command: `aws rds create-db-snapshot --db-instance-identifier <source-instance> --db-snapshot-identifier ${c.cluster}-cutover ${region(c)}` },
    { order: 0, title: 'Wait for the snapshot', detail: 'Encrypted snapshots restore encrypted.', command: `aws rds wait db-snapshot-available --db-snapshot-identifier ${c.cluster}-cutover ${region(c)}` },
    {
      order: 0,
      title: 'Restore the snapshot as an Aurora cluster',
      detail: `The major version stays: ${c.plan.target.version}.`,
      command: `aws rds restore-db-cluster-from-snapshot --db-cluster-identifier ${c.cluster} --snapshot-identifier <snapshot-arn> --engine ${c.engineName} --engine-version <engine-version> --db-subnet-group-name <subnet-group> --vpc-security-group-ids <security-group-id> ${region(c)}`,
    },
    createInstance(c),
    repoint(c),
  ];
}

function replicaSteps(c: Ctx): RunbookStep[] {
  const lag = c.engineName === 'aurora-mysql' ? 'AuroraBinlogReplicaLag' : 'RDSToAuroraPostgreSQLReplicaLag';
  return [
    {
      order: 0,
      title: 'Create the Aurora read replica cluster',
      detail: 'RDS snapshots the source privately, restores it and starts replicating; roughly several hours per TiB. One Aurora replica per source.',
      command: `aws rds create-db-cluster --db-cluster-identifier ${c.cluster} --engine ${c.engineName} --replication-source-identifier <source-instance-arn> --db-subnet-group-name <subnet-group> --vpc-security-group-ids <security-group-id> ${region(c)}`,
    },
    createInstance(c),
    { order: 0, title: 'Watch the replica lag', detail: 'Do not write to the replica before promotion: it breaks replication.', command: `aws cloudwatch get-metric-statistics --namespace AWS/RDS --metric-name ${lag} --dimensions Name=DBClusterIdentifier,Value=${c.cluster} --statistics Maximum --period 60 --start-time <start> --end-time <end> ${region(c)}` },
    stopWrites(c),
    { order: 0, title: 'Promote at lag 0', detail: 'When the lag reads 0, promote the replica to a standalone cluster.', command: `aws rds promote-read-replica-db-cluster --db-cluster-identifier ${c.cluster} ${region(c)}` },
    repoint(c),
  ];
}

function xtrabackupSteps(c: Ctx): RunbookStep[] {
  const binlog = c.plan.checks.some((k) => k.id === 'mysql-check-binlog-enabled' && k.status === 'pass');
  const steps: RunbookStep[] = [
    {
      order: 0,
      title: 'Take a full physical backup',
      detail: 'Percona XtraBackup 2.4 for MySQL 5.7, 8.0 for 8.0; a full backup (no partial --tables/--databases); xtrabackup_binlog_info records the binlog position.',
      command: `xtrabackup --backup --user=<backup-user> --password=<password> --host=${shellQuote(c.source)} --port=${c.port} --stream=xbstream --target-dir=/tmp/xtrabackup > <backup-dir>/backup.xbstream`,
    },
    { order: 0, title: 'Upload the backup to S3', detail: 'Same Region as the cluster; each file under 5 TB.', command: `aws s3 cp <backup-dir>/backup.xbstream s3://<bucket>/<prefix>/ ${region(c)}` },
    {
      order: 0,
      title: 'Restore the backup as an Aurora cluster',
      detail: 'Needs an IAM role that lets RDS read the bucket.',
      command: `aws rds restore-db-cluster-from-s3 --db-cluster-identifier ${c.cluster} --engine aurora-mysql --master-username <admin-user> --manage-master-user-password --source-engine mysql --source-engine-version ${shellQuote(c.server.version?.split('-')[0] ?? '<source-version>')} --s3-bucket-name <bucket> --s3-prefix <prefix> --s3-ingestion-role-arn <role-arn> --db-subnet-group-name <subnet-group> --vpc-security-group-ids <security-group-id> ${region(c)}`,
    },
    createInstance(c),
    {
      order: 0,
      title: 'Recreate users, routines and time zones',
      detail: 'A physical restore does not bring accounts, stored routines, events or time zone tables.',
      command: `mysqldump -h ${shellQuote(c.source)} -P ${c.port} -u <user> -p --no-data --no-create-info --routines --events --triggers --databases ${operands(c.dbs)} | mysql -h <cluster-endpoint> -u <admin-user> -p`,
    },
  ];
  if (binlog) {
    steps.push(
      {
        order: 0,
        title: 'Replicate the binary log from the source',
        detail: 'Start from the position in xtrabackup_binlog_info; the replication user needs REPLICATION SLAVE.',
        command: `CALL mysql.rds_set_external_source(${quoteMysqlString(c.source)}, ${c.port}, '<repl-user>', '<password>', '<binlog-file>', <binlog-position>, 0);\nCALL mysql.rds_start_replication;`,
      },
      stopWrites(c),
      { order: 0, title: 'Stop replication at lag 0', detail: 'SHOW REPLICA STATUS shows Seconds_Behind_Source 0.', command: 'CALL mysql.rds_stop_replication;\nCALL mysql.rds_reset_external_source;' },
    );
  }
  steps.push(repoint(c));
  return binlog ? steps : [stopWrites(c), ...steps];
}

function dumpSteps(c: Ctx): RunbookStep[] {
  const dbs = operands(c.dbs);
  if (c.server.engine === 'mysql') {
    const mariadb = c.server.flavor === 'mariadb' || c.server.flavor === 'rds-mariadb';
    const schemaStep: RunbookStep[] = mariadb
      ? [{ order: 0, title: 'Create the schema from the conversion', detail: 'MariaDB DDL is not all valid on Aurora MySQL: from the scout analyze output directory, apply the pre-data script of each database (ddl/), then the data, then the post-data script.', command: ddlCommands(c, 'pre-data') }]
      : [];
    const postDataStep: RunbookStep[] = mariadb ? [{ order: 0, title: 'Apply the post-data scripts', detail: 'Indexes, foreign keys, triggers and views of the conversion, after the data.', command: ddlCommands(c, 'post-data') }] : [];
    return [
      ...createCluster(c),
      ...schemaStep,
      stopWrites(c),
      {
        order: 0,
        title: 'Dump and load',
        detail: 'One consistent InnoDB snapshot piped into the cluster; mydumper/myloader parallelise this for larger data.',
        command: `mysqldump -h ${shellQuote(c.source)} -P ${c.port} -u <user> -p --single-transaction${mariadb ? ' --no-create-info --skip-triggers' : ' --routines --triggers --events --set-gtid-purged=OFF'} --databases ${dbs} | mysql -h <cluster-endpoint> -u <admin-user> -p`,
      },
      ...postDataStep,
      repoint(c),
    ];
  }
  const steps: RunbookStep[] = [...createCluster(c), { order: 0, title: 'Recreate roles', detail: 'Role passwords are not readable on RDS; set them again.', command: `pg_dumpall -h ${shellQuote(c.source)} -p ${c.port} -U <user> --roles-only --no-role-passwords | psql -h <cluster-endpoint> -U <admin-user> -d postgres` }, stopWrites(c)];
  for (const db of c.dbs) {
    steps.push({
      order: 0,
      title: `Dump and restore ${db}`,
      detail: 'Directory format in parallel; restored without the source owners.',
      command: `pg_dump -h ${shellQuote(c.source)} -p ${c.port} -U <user> -Fd -j 4 -f <dump-dir>/${shellQuote(db)} -d ${shellQuote(db)}\ncreatedb -h <cluster-endpoint> -U <admin-user> ${operands([db])}\npg_restore -h <cluster-endpoint> -U <admin-user> -d ${shellQuote(db)} -j 4 --no-owner <dump-dir>/${shellQuote(db)}`,
    });
  }
  steps.push(repoint(c));
  return steps;
}

/** Applying a converted DDL script of every database on the target (paths relative to the scout analyze output). */
function ddlCommands(c: Ctx, phase: 'pre-data' | 'post-data'): string {
  return c.dbs
    .map((db) => {
      const file = shellQuote(ddlFile(c, db, phase));
      return c.engineName === 'aurora-postgresql' ? `psql -h <cluster-endpoint> -U <admin-user> -d <database> -f ${file}` : `mysql -h <cluster-endpoint> -u <admin-user> -p < ${file}`;
    })
    .join('\n');
}

function dmsSteps(c: Ctx): RunbookStep[] {
  const sourceEngine = c.server.flavor === 'mariadb' || c.server.flavor === 'rds-mariadb' ? 'mariadb' : c.server.engine === 'mysql' ? 'mysql' : 'postgres';
  const targetEngine = c.engineName === 'aurora-mysql' ? 'aurora' : 'aurora-postgresql';
  const steps: RunbookStep[] = [
    ...createCluster(c),
    {
      order: 0,
      title: 'Create the schema on the target',
      detail: c.plan.target.heterogeneous ? 'From the scout analyze output directory, apply the pre-data script of each database under ddl/ (tables, keys); the post-data script (indexes, FKs, views) follows the full load.' : 'Copy the schema only (no data), so keys and AUTO_INCREMENT/identity stay as they are.',
      command: c.plan.target.heterogeneous
        ? ddlCommands(c, 'pre-data')
        : c.server.engine === 'mysql'
          ? `mysqldump -h ${shellQuote(c.source)} -P ${c.port} -u <user> -p --no-data --routines --triggers --events --set-gtid-purged=OFF --databases ${operands(c.dbs)} | mysql -h <cluster-endpoint> -u <admin-user> -p`
          : `pg_dump -h ${shellQuote(c.source)} -p ${c.port} -U <user> --schema-only <database> | psql -h <cluster-endpoint> -U <admin-user> -d <database>`,
    },
    {
      order: 0,
      title: 'Create the replication instance',
      detail: 'In the cluster VPC; size it for the full load (8 tables in parallel by default).',
      command: `aws dms create-replication-instance --replication-instance-identifier ${c.cluster}-dms --replication-instance-class dms.r6i.large --allocated-storage 100 --replication-subnet-group-identifier <dms-subnet-group> --vpc-security-group-ids <security-group-id> ${region(c)}`,
    },
    {
      order: 0,
      title: 'Create the source and target endpoints',
      detail: 'Keep the passwords in AWS Secrets Manager in production (--my-sql-settings / --postgre-sql-settings SecretsManagerSecretId).',
      command: `aws dms create-endpoint --endpoint-identifier ${c.cluster}-source --endpoint-type source --engine-name ${sourceEngine} --server-name=${shellQuote(c.source)} --port ${c.port} --username <user> --password <password>${c.server.engine === 'postgres' ? ' --database-name <database>' : ''} ${region(c)}\naws dms create-endpoint --endpoint-identifier ${c.cluster}-target --endpoint-type target --engine-name ${targetEngine} --server-name <cluster-endpoint> --port ${c.engineName === 'aurora-mysql' ? 3306 : 5432} --username <admin-user> --password <password>${c.engineName === 'aurora-postgresql' ? ' --database-name <database>' : ''} ${region(c)}`,
    },
  ];
  for (const db of c.dbs) {
    const files = c.dmsFiles.get(db);
    steps.push({
      order: 0,
      title: `Create the full-load-and-CDC task for ${db}`,
      detail: 'Table mappings and task settings were written with this plan; the LOB mode follows the LOB columns found.',
      command: `aws dms create-replication-task --replication-task-identifier ${awsIdentifier(`${c.cluster}-${db}`, 255)} --source-endpoint-arn <source-endpoint-arn> --target-endpoint-arn <target-endpoint-arn> --replication-instance-arn <replication-instance-arn> --migration-type full-load-and-cdc --table-mappings file://${shellQuote(files?.mappings ?? '<table-mappings.json>')} --replication-task-settings file://${shellQuote(files?.settings ?? '<task-settings.json>')} ${region(c)}`,
    });
  }
  steps.push(
    { order: 0, title: 'Run the premigration assessment', detail: 'DMS checks the same prerequisites as this plan, on the live endpoints.', command: `aws dms start-replication-task-assessment-run --replication-task-arn <task-arn> --service-access-role-arn <role-arn> --result-location-bucket <bucket> --assessment-run-name ${c.cluster}-assessment ${region(c)}` },
    { order: 0, title: 'Start the task', detail: 'Full load first, then the cached changes, then ongoing replication.', command: `aws dms start-replication-task --replication-task-arn <task-arn> --start-replication-task-type start-replication ${region(c)}` },
    { order: 0, title: 'Apply the post-data objects after the full load', detail: 'Secondary indexes, foreign keys, triggers and views, once the full load has finished and CDC runs.', command: c.plan.target.heterogeneous ? ddlCommands(c, 'post-data') : null },
    stopWrites(c),
    { order: 0, title: 'Stop the task at zero latency', detail: 'When CDCLatencySource and CDCLatencyTarget are near 0, stop the task, then set sequences / AUTO_INCREMENT counters on the target.', command: `aws dms stop-replication-task --replication-task-arn <task-arn> ${region(c)}` },
    repoint(c),
  );
  return steps;
}

/** A libpq connection-string value: single-quoted, with `\` and `'` backslash-escaped. */
export const conninfoValue = (v: string): string => `'${v.replace(/[\\']/g, (m) => `\\${m}`)}'`;

function logicalSteps(c: Ctx): RunbookStep[] {
  const steps: RunbookStep[] = [...createCluster(c)];
  for (const db of c.dbs) {
    const conn = `host=${conninfoValue(c.source)} port=${c.port} dbname=${conninfoValue(db)} user=<repl-user> password=<password>`;
    steps.push(
      { order: 0, title: `Copy the schema of ${db}`, detail: 'Logical replication does not carry DDL.', command: `pg_dump -h ${shellQuote(c.source)} -p ${c.port} -U <user> --schema-only -d ${shellQuote(db)} | psql -h <cluster-endpoint> -U <admin-user> -d ${shellQuote(db)}` },
      { order: 0, title: `Publish ${db} on the source`, detail: 'Tables without a primary key need REPLICA IDENTITY FULL first (see postgres-check-pk).', command: 'CREATE PUBLICATION scout_migration FOR ALL TABLES;' },
      { order: 0, title: `Subscribe from Aurora to ${db}`, detail: 'The initial copy runs table by table, then changes stream.', command: `CREATE SUBSCRIPTION scout_migration CONNECTION ${quotePgLiteral(conn)} PUBLICATION scout_migration;` },
    );
  }
  steps.push(
    { order: 0, title: 'Watch the subscription', detail: 'Every table reaches state r (ready) in pg_subscription_rel; the lag shrinks to 0.', command: 'SELECT srrelid::regclass, srsubstate FROM pg_subscription_rel;\nSELECT * FROM pg_stat_subscription;' },
    stopWrites(c),
    { order: 0, title: 'Set sequences and drop the subscription', detail: 'Sequences are not replicated: set each one from the source value.', command: `SELECT 'SELECT setval(' || quote_literal(format('%I.%I', schemaname, sequencename)) || ', ' || last_value || ');' FROM pg_sequences WHERE last_value IS NOT NULL; -- run on the source, apply the output on Aurora\nDROP SUBSCRIPTION ${quotePgIdent('scout_migration')};` },
    repoint(c),
  );
  return steps;
}

const STEPS: Record<MigrationPath, (c: Ctx) => RunbookStep[]> = {
  'aurora-snapshot': snapshotSteps,
  'aurora-read-replica': replicaSteps,
  'xtrabackup-s3': xtrabackupSteps,
  'native-dump': dumpSteps,
  dms: dmsSteps,
  'pg-logical-replication': logicalSteps,
};

function fixSteps(checks: PlanCheck[], path: MigrationPath): RunbookStep[] {
  return checks
    .filter((k) => (k.status === 'fail' || k.status === 'warn' || k.status === 'unknown') && k.paths.includes(path) && k.fix)
    .map((k) => ({ order: 0, title: `${k.status === 'fail' ? 'Fix' : k.status === 'warn' ? 'Review' : 'Verify'}: ${k.title} (${k.id})`, detail: k.detail, command: k.fix }));
}

export function buildRunbook(input: {
  server: ServerFacts;
  plan: Pick<PlanServer, 'target' | 'sizing' | 'checks'>;
  path: MigrationPath;
  settings: PlanSettings;
  dmsFiles?: Map<string, { mappings: string; settings: string }>;
  /** Per database name: the DDL scripts written by the conversion, relative to the output directory. */
  ddlFiles?: Map<string, DdlFiles>;
}): RunbookStep[] {
  const { server } = input;
  const c: Ctx = {
    server,
    plan: input.plan,
    settings: input.settings,
    cluster: clusterIdFor(server.id),
    engineName: input.plan.target.engine,
    dbs: server.databases.map((d) => d.name),
    source: server.address ?? '<source-host>',
    port: server.port ?? (server.engine === 'mysql' ? 3306 : 5432),
    dmsFiles: input.dmsFiles ?? new Map(),
    ddlFiles: input.ddlFiles ?? new Map(),
  };
  const steps = [...fixSteps(input.plan.checks, input.path), ...STEPS[input.path](c)];
  return steps.map((s, i) => ({ ...s, order: i + 1 }));
}
