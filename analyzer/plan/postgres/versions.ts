/**
 * PostgreSQL version rules for the Aurora PostgreSQL paths: snapshot migration and the Aurora
 * read replica keep the major version, so it must be one Aurora PostgreSQL offers.
 * https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/AuroraPostgreSQL.Migrating.html
 */

/** Aurora PostgreSQL major versions in standard support when this table was written (2026-11). */
export const AURORA_POSTGRESQL_MAJORS = [13, 14, 15, 16, 17] as const;
export const LATEST_AURORA_POSTGRESQL = 17;

export const pgMajor = (versionNum: number): number => Math.floor(versionNum / 10000);

export const hasAuroraMajor = (versionNum: number): boolean => (AURORA_POSTGRESQL_MAJORS as readonly number[]).includes(pgMajor(versionNum));

/** Logical replication (publications and subscriptions) needs PostgreSQL 10 or later on the source. */
export const supportsLogicalReplication = (versionNum: number): boolean => versionNum >= 100000;
