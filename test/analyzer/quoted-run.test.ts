/** The shared readers of quoted runs (analyzer/dialects/quoted-run.ts). */
import { describe, expect, it } from 'vitest';
import { quotedRunEnd, readDoubledQuoted } from '../../analyzer/dialects/quoted-run.js';

describe('quotedRunEnd', () => {
  it('ends after the closing quote; a doubled quote does not close the run', () => {
    expect(quotedRunEnd("x 'it''s' y", 2, false)).toBe(9);
    expect(quotedRunEnd('"a""b".c', 0, false)).toBe(6);
  });

  it('skips backslash escapes only when asked (MySQL strings)', () => {
    expect(quotedRunEnd("'a\\'b' c", 0, true)).toBe(6);
    expect(quotedRunEnd("'a\\'b' c", 0, false)).toBe(4);
  });

  it('runs to the end of the text when the run is not closed', () => {
    expect(quotedRunEnd("'open", 0, false)).toBe(5);
    expect(quotedRunEnd("'ends in \\'", 0, true)).toBe(11);
  });
});

describe('readDoubledQuoted', () => {
  it('returns the body with doubled quotes made single and the index after the run', () => {
    expect(readDoubledQuoted("'it''s' || x", 0)).toEqual({ body: "it's", end: 7 });
    expect(readDoubledQuoted('x."Sales ""Ü"""', 2)).toEqual({ body: 'Sales "Ü"', end: 15 });
    expect(readDoubledQuoted("''", 0)).toEqual({ body: '', end: 2 });
  });

  it('keeps backslashes as written and refuses a run that is not closed', () => {
    expect(readDoubledQuoted("'a\\b'", 0)).toEqual({ body: 'a\\b', end: 5 });
    expect(readDoubledQuoted("'it''", 0)).toBeNull();
    expect(readDoubledQuoted('"a', 0)).toBeNull();
  });
});
