/** The integer-array parser the catalog queries use gives what pg's own gives, for every shape the server sends. */
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { CATALOG_TYPES, parseIntegerArray } from '../../../agent/db/postgres/fast-types.js';

const pgParse = pg.types.getTypeParser(1005 as Parameters<typeof pg.types.getTypeParser>[0], 'text') as (text: string) => unknown;

describe('CATALOG_TYPES', () => {
  it.each(['{}', '{1}', '{1,-2,NULL,32767}', '[0:1]={1,2}', '[0:2]={0,-1,NULL}', '{{1,2},{3,4}}', '[1:2][1:1]={{1},{2}}'])('%s as pg parses it', (text) => {
    const parse = CATALOG_TYPES.getTypeParser(1005, 'text');
    expect(parse(text)).toEqual(pgParse(text));
  });

  it('leaves what is not a flat integer array to pg', () => {
    const seen: string[] = [];
    const fallback = (t: string) => (seen.push(t), 'pg');
    expect(parseIntegerArray('{{1,2},{3,4}}', fallback)).toBe('pg');
    expect(parseIntegerArray('{1,"2"}', fallback)).toBe('pg');
    expect(seen).toEqual(['{{1,2},{3,4}}', '{1,"2"}']);
  });

  it('gives pg its own parser for the other types', () => {
    expect(CATALOG_TYPES.getTypeParser(1009, 'text')).toBe(pg.types.getTypeParser(1009 as Parameters<typeof pg.types.getTypeParser>[0], 'text'));
  });
});
