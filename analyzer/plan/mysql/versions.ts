/**
 * MySQL version rules for the Aurora MySQL paths
 * (https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/AuroraMySQL.Migrating.RDSMySQL.Snapshot.html,
 * https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/AuroraMySQL.Migrating.ExtMySQL.S3.html).
 * Aurora MySQL 2 is MySQL 5.7-compatible, Aurora MySQL 3 is 8.0-compatible.
 */

/** `5.7`, `8.0`, `8.4`… from 80036. */
export const mysqlMajor = (versionNum: number): string => `${Math.floor(versionNum / 10000)}.${Math.floor(versionNum / 100) % 100}`;

/** Snapshots of these cannot be migrated to Aurora MySQL 3.05 and higher (upgrade the source to 8.0.28 or later first). */
export const NO_SNAPSHOT_TO_305 = new Set([80011, 80013, 80015]);

/** The Aurora MySQL major version a physical path lands on; null when no physical path exists for this source version. */
export function physicalAuroraMysql(versionNum: number): { version: string; label: string } | null {
  const major = mysqlMajor(versionNum);
  if (major === '5.7') return { version: '2', label: 'Aurora MySQL 2 (MySQL 5.7-compatible; plan the upgrade to 3)' };
  if (major === '8.0') return { version: '3', label: 'Aurora MySQL 3 (MySQL 8.0-compatible)' };
  return null;
}

/** The target for logical paths: Aurora MySQL 3 (8.0-compatible) for every source. */
export const LOGICAL_AURORA_MYSQL = { version: '3', label: 'Aurora MySQL 3 (MySQL 8.0-compatible)' };

export function snapshotVersionProblem(versionNum: number): string | null {
  if (NO_SNAPSHOT_TO_305.has(versionNum)) {
    return `MySQL ${Math.floor(versionNum / 10000)}.${Math.floor(versionNum / 100) % 100}.${versionNum % 100} snapshots cannot be migrated to Aurora MySQL 3.05 or higher; upgrade the source to 8.0.28 or later first.`;
  }
  if (!physicalAuroraMysql(versionNum)) return `MySQL ${mysqlMajor(versionNum)} has no Aurora MySQL version of the same major version (Aurora MySQL 2 is 5.7, 3 is 8.0).`;
  return null;
}
