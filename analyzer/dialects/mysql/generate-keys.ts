/**
 * MySQL post-data statements on a table: secondary and UNIQUE indexes (FULLTEXT, SPATIAL,
 * prefix lengths, functional key parts), UNIQUE constraints, CHECK constraints and foreign
 * keys, each as its own statement so one failure names one object.
 * https://dev.mysql.com/doc/refman/8.0/en/create-index.html
 * https://dev.mysql.com/doc/refman/8.0/en/create-table-foreign-keys.html
 */
import type { CheckConstraint, ForeignKey, Index, IndexPart, UniqueConstraint } from '../../model/schema.js';
import { quoteMysqlIdent, quoteMysqlQualified, quoteMysqlString } from './quote.js';

/** One key part: `` `col`(10) DESC `` or a MySQL 8.0.13 functional part `((expr))`. */
export function mysqlIndexPart(p: IndexPart): string {
  const body = p.column !== null ? `${quoteMysqlIdent(p.column)}${p.prefixLength ? `(${p.prefixLength})` : ''}` : `((${p.expression ?? ''}))`;
  return p.descending ? `${body} DESC` : body;
}

/**
 * CREATE INDEX. An index the source made invisible keeps that: MySQL 8 says INVISIBLE,
 * MariaDB 10.6+ says IGNORED (neither accepts the other's word).
 */
export function mysqlCreateIndex(db: string, table: string, index: Index, isMariadb: boolean): string {
  const kind = index.method === 'fulltext' ? 'FULLTEXT ' : index.method === 'spatial' ? 'SPATIAL ' : index.unique ? 'UNIQUE ' : '';
  // USING HASH is accepted and ignored by InnoDB; only a source that asked for it gets it.
  const using = index.method === 'hash' ? ' USING HASH' : '';
  const comment = index.comment ? ` COMMENT ${quoteMysqlString(index.comment)}` : '';
  const hidden = index.attrs?.['visible'] === 'NO' ? (isMariadb ? ' IGNORED' : ' INVISIBLE') : '';
  return `CREATE ${kind}INDEX ${quoteMysqlIdent(index.name)} ON ${quoteMysqlQualified(db, table)} (${index.parts.map(mysqlIndexPart).join(', ')})${using}${comment}${hidden};`;
}

export function mysqlAddUnique(db: string, table: string, u: UniqueConstraint): string {
  return `ALTER TABLE ${quoteMysqlQualified(db, table)} ADD CONSTRAINT ${quoteMysqlIdent(u.name)} UNIQUE (${u.columns.map(quoteMysqlIdent).join(', ')});`;
}

/** ADD CONSTRAINT … CHECK; NOT ENFORCED is MySQL-only (MariaDB would refuse it), so MariaDB's own checks never carry it. */
export function mysqlAddCheck(db: string, table: string, c: CheckConstraint, isMariadb: boolean): string {
  const enforced = c.notEnforced && !isMariadb ? ' NOT ENFORCED' : '';
  return `ALTER TABLE ${quoteMysqlQualified(db, table)} ADD CONSTRAINT ${quoteMysqlIdent(c.name)} CHECK (${c.expression})${enforced};`;
}

const ACTIONS: Record<ForeignKey['onDelete'], string> = {
  'no action': 'NO ACTION',
  restrict: 'RESTRICT',
  cascade: 'CASCADE',
  'set null': 'SET NULL',
  'set default': 'SET DEFAULT',
};

export function mysqlAddForeignKey(db: string, table: string, fk: ForeignKey): string {
  const ref = quoteMysqlQualified(fk.ref.schema, fk.ref.table);
  return (
    `ALTER TABLE ${quoteMysqlQualified(db, table)} ADD CONSTRAINT ${quoteMysqlIdent(fk.name)} FOREIGN KEY (${fk.columns.map(quoteMysqlIdent).join(', ')}) ` +
    `REFERENCES ${ref} (${fk.ref.columns.map(quoteMysqlIdent).join(', ')}) ON DELETE ${ACTIONS[fk.onDelete]} ON UPDATE ${ACTIONS[fk.onUpdate]};`
  );
}
