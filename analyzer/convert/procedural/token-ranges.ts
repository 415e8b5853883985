/** Token-list helpers shared by the statement printers: top-level splits and searches. */
import { isOp, type Tok } from './tokens.js';

/** Parts between commas at parenthesis depth 0 (an empty list gives one empty part). */
export function splitCommas(tokens: readonly Tok[]): Tok[][] {
  const out: Tok[][] = [[]];
  let depth = 0;
  for (const t of tokens) {
    if (isOp(t, '(')) depth++;
    else if (isOp(t, ')')) depth--;
    if (depth === 0 && isOp(t, ',')) out.push([]);
    else out.at(-1)!.push(t);
  }
  return out;
}

/** Index of the first token at parenthesis depth 0 from `from` on matching `pred`, or -1. */
export function topIndex(tokens: readonly Tok[], pred: (t: Tok, i: number) => boolean, from = 0): number {
  let depth = 0;
  for (let i = from; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (isOp(t, '(')) depth++;
    else if (isOp(t, ')')) depth--;
    else if (depth === 0 && pred(t, i)) return i;
  }
  return -1;
}

/** The tokens at parenthesis depth 0. */
export function topLevel(tokens: readonly Tok[]): Tok[] {
  let depth = 0;
  return tokens.filter((t) => {
    if (isOp(t, '(')) depth++;
    else if (isOp(t, ')')) depth--;
    return depth === 0 && !isOp(t, ')');
  });
}
