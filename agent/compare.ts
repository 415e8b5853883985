/**
 * Code-unit order for sorting names. String#localeCompare would load ICU collation data
 * into the agent's memory for an order nobody reads as prose.
 */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
