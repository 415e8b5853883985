/**
 * MySQL `INTERVAL n unit` (in `+`/`-` and DATE_ADD/DATE_SUB) → PostgreSQL
 * `(n) * INTERVAL '1 unit'`, so n may be any expression. Compound units (DAY_HOUR, …) stop
 * the translation. PostgreSQL interval literals are not read back into MySQL's form.
 */
import { ensure, type Node } from './ast.js';
import type { ViewPrinter } from './printer.js';

const UNITS: Record<string, string> = {
  microsecond: '1 microsecond',
  second: '1 second',
  minute: '1 minute',
  hour: '1 hour',
  day: '1 day',
  week: '7 days',
  month: '1 month',
  quarter: '3 months',
  year: '1 year',
};

/** A MySQL INTERVAL node as a PostgreSQL interval product. */
export function printInterval(p: ViewPrinter, n: Node): string {
  ensure(p.from === 'mysql' && p.to === 'postgres', 'interval_literal', 'an interval literal (PostgreSQL interval text has no MySQL form)');
  const unit = UNITS[String(n.unit).toLowerCase()];
  ensure(!!unit, `interval:${String(n.unit).toLowerCase()}`, `INTERVAL … ${String(n.unit).toUpperCase()} (a compound unit)`);
  p.note('view_translated_with_changes', 'Date arithmetic: on PostgreSQL, date + interval gives a timestamp where MySQL may give a DATE; cast the result to date where a date is expected.');
  return `((${p.expr(n.expr)}) * INTERVAL ${p.string(unit)})`;
}
