/**
 * A converted table's column names, as translated expressions read them: the target name,
 * quoted, with a cast where the converted type would change the expression's meaning
 * (TINYINT(1) now boolean compares as a number, an enum type as text, a SET array as MySQL's
 * comma-separated string).
 */
import type { DataType } from '../../model/data-types.js';
import { quoteIdent } from '../../dialects/postgres/quote.js';
import { translateMysqlExpression, type ExpressionScope, type ExpressionTranslation } from './expressions.js';
import type { ColumnReference } from './types.js';

/** A column's source and target names and converted type. */
export interface ConvertedColumn {
  source: string;
  target: string;
  type: DataType;
  reference: ColumnReference;
  generated: boolean;
  /** The column has a nondeterministic collation (the `icu` collation option). */
  nondeterministic: boolean;
}

/** Columns by lower-cased source name: MySQL column names are case-insensitive. */
export class TableColumns {
  private readonly byName = new Map<string, ConvertedColumn>();

  add(col: ConvertedColumn): void {
    this.byName.set(col.source.toLowerCase(), col);
  }

  get(source: string): ConvertedColumn | undefined {
    return this.byName.get(source.toLowerCase());
  }

  /** Every converted column, in no particular order. */
  all(): ConvertedColumn[] {
    return [...this.byName.values()];
  }

  /** The target name of a source column (the source name itself when unknown). */
  target(source: string): string {
    return this.get(source)?.target ?? source;
  }

  /**
   * Translates an expression over these columns. PostgreSQL 15 refuses LIKE and regular
   * expressions on nondeterministic collations, so such an expression is refused here rather
   * than emitted to fail. `used` collects the columns the expression reads.
   */
  translate(text: string, used: ConvertedColumn[] = []): ExpressionTranslation {
    const t = translateMysqlExpression(text, this.scope(used));
    if (!t.ok) return t;
    const ci = used.find((c) => c.nondeterministic);
    if (ci && /\bLIKE\b|~\*/i.test(t.sql)) return { ok: false, reason: `pattern match on ${ci.source}, whose case-insensitive collation PostgreSQL 15 cannot use with LIKE or regular expressions` };
    return t;
  }

  /**
   * A scope for expressions; `used` collects the columns referenced, so a caller can refuse
   * what PostgreSQL refuses (a generated column reading another generated column).
   */
  scope(used: ConvertedColumn[] = []): ExpressionScope {
    return {
      column: (name: string): string | null => {
        const col = this.get(name);
        if (!col) return null;
        used.push(col);
        const q = quoteIdent(col.target);
        switch (col.reference) {
          case 'boolean':
            return `(${q})::integer`;
          case 'enum':
            return `(${q})::text`;
          case 'set_array':
            return `array_to_string(${q}, ',')`;
          default:
            return q;
        }
      },
    };
  }
}
