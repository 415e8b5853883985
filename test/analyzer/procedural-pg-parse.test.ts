/**
 * Unit tests of the PL/pgSQL tokenizer and parser (analyzer/convert/procedural-pg): the tree
 * each construct gives, and the reasons a body is refused.
 */
import { describe, expect, it } from 'vitest';
import type { Stmt } from '../../analyzer/convert/procedural-pg/ast.js';
import { ParseError, parsePlpgsql } from '../../analyzer/convert/procedural-pg/parse-body.js';
import { tokenizePg } from '../../analyzer/convert/procedural-pg/tokens.js';

function parse(body: string): Extract<Stmt, { k: 'block' }> {
  const toks = tokenizePg(body);
  if (typeof toks === 'string') throw new Error(toks);
  const tree = parsePlpgsql(toks);
  if (tree.k !== 'block') throw new Error('not a block');
  return tree;
}

const words = (toks: { value: string }[]): string => toks.map((t) => t.value).join(' ');

describe('tokenizePg', () => {
  it('reads strings of every kind, quoted names, parameters, ranges and operators', () => {
    const toks = tokenizePg(`x := E'a\\'b\\n' || 'it''s' || $q$ raw ' $q$ || "Mixed ""Name""" || $1; FOR i IN 1..10 LOOP /* a /* nested */ comment */ END LOOP; -- done`);
    expect(typeof toks).not.toBe('string');
    const t = toks as Exclude<typeof toks, string>;
    expect(t.filter((x) => x.kind === 'string').map((x) => x.value)).toEqual(["a'b\n", "it's", " raw ' "]);
    expect(t.find((x) => x.kind === 'ident')?.value).toBe('Mixed "Name"');
    expect(t.find((x) => x.kind === 'param')?.value).toBe('1');
    expect(t.filter((x) => x.kind === 'op').map((x) => x.value)).toContain('..');
    expect(t.filter((x) => x.kind === 'number').map((x) => x.value)).toEqual(['1', '10']);
  });

  it('refuses an unterminated string or comment with the reason', () => {
    expect(tokenizePg("x := 'abc")).toBe('unterminated string');
    expect(tokenizePg('x := 1 /* open')).toBe('unterminated comment');
    expect(tokenizePg('x := $a$ never closed')).toBe('unterminated dollar-quoted string');
  });
});

describe('parsePlpgsql', () => {
  it('reads declarations: variables with defaults, constants, cursors, aliases', () => {
    const b = parse(`DECLARE a integer := 1; b CONSTANT text DEFAULT 'x'; c numeric(5,2) NOT NULL = 0; cur CURSOR FOR SELECT 1; p ALIAS FOR $1; BEGIN NULL; END`);
    expect(b.decls.map((d) => `${d.k}:${d.name}`)).toEqual(['var:a', 'var:b', 'var:c', 'cursor:cur', 'alias:p']);
    const c = b.decls[2]!;
    expect(c.k === 'var' && words(c.type)).toBe('numeric ( 5 , 2 )');
    expect(c.k === 'var' && c.notNull).toBe(true);
    expect(b.decls[1]!.k === 'var' && (b.decls[1] as { constant: boolean }).constant).toBe(true);
  });

  it('reads IF/ELSIF/ELSE, CASE, and loops with labels, EXIT/CONTINUE WHEN', () => {
    const b = parse(`BEGIN
      IF a = 1 THEN x := 1; ELSIF a = 2 THEN x := 2; ELSE x := 3; END IF;
      CASE a WHEN 1 THEN NULL; ELSE NULL; END CASE;
      <<outer>> LOOP EXIT outer WHEN x > 3; CONTINUE; END LOOP outer;
      WHILE x < 10 LOOP x := x + 1; END LOOP;
      FOR i IN REVERSE 10..1 BY 2 LOOP NULL; END LOOP;
      FOR r IN SELECT id FROM t LOOP NULL; END LOOP;
      FOR r IN EXECUTE 'SELECT 1' LOOP NULL; END LOOP;
    END`);
    expect(b.body.map((s) => s.k)).toEqual(['if', 'case', 'loop', 'while', 'for_range', 'for_query', 'for_query']);
    const iff = b.body[0] as Extract<Stmt, { k: 'if' }>;
    expect(iff.branches).toHaveLength(2);
    expect(iff.otherwise).toHaveLength(1);
    const loop = b.body[2] as Extract<Stmt, { k: 'loop' }>;
    expect(loop.label).toBe('outer');
    expect(loop.body[0]).toMatchObject({ k: 'exit', label: 'outer' });
    const range = b.body[4] as Extract<Stmt, { k: 'for_range' }>;
    expect(range.reverse).toBe(true);
    expect(words(range.from)).toBe('10');
    expect(words(range.by!)).toBe('2');
    expect((b.body[6] as Extract<Stmt, { k: 'for_query' }>).dynamic).toBe(true);
  });

  it('splits SELECT … INTO targets off the statement (both INTO positions) and keeps INSERT INTO whole', () => {
    const b = parse(`BEGIN SELECT a, b INTO x, y FROM t WHERE id = 1; SELECT INTO STRICT z count(*) FROM t; INSERT INTO t (a) VALUES (1); END`);
    const [s1, s2, s3] = b.body as Extract<Stmt, { k: 'sql' }>[];
    expect(words(s1!.tokens)).toBe('SELECT a , b FROM t WHERE id = 1');
    expect(s1!.into!.targets.map(words)).toEqual(['x', 'y']);
    expect(s2!.into).toMatchObject({ strict: true });
    expect(words(s2!.tokens)).toBe('SELECT count ( * ) FROM t');
    expect(s3!.into).toBeNull();
    expect(words(s3!.tokens)).toBe('INSERT INTO t ( a ) VALUES ( 1 )');
  });

  it('reads RETURN forms, RAISE with format, arguments and USING, PERFORM, EXECUTE, GET DIAGNOSTICS, cursors', () => {
    const b = parse(`BEGIN
      RETURN NEXT r; RETURN QUERY SELECT 1; RETURN QUERY EXECUTE 'SELECT 1' USING a; RETURN;
      RAISE EXCEPTION 'bad % and %', a, b USING ERRCODE = '22023', HINT = 'h';
      RAISE NOTICE 'n'; RAISE unique_violation; RAISE SQLSTATE 'P0001';
      PERFORM f(1); EXECUTE 'DELETE FROM t' INTO x USING 1, 2;
      GET DIAGNOSTICS n = ROW_COUNT; GET STACKED DIAGNOSTICS m = MESSAGE_TEXT;
      OPEN c; FETCH c INTO a, b; CLOSE c;
    END`);
    expect(b.body.map((s) => s.k)).toEqual(['return_next', 'return_query', 'return_query', 'return', 'raise', 'raise', 'raise', 'raise', 'perform', 'execute', 'get_diagnostics', 'get_diagnostics', 'open', 'fetch', 'close']);
    const raise = b.body[4] as Extract<Stmt, { k: 'raise' }>;
    expect(raise.format).toBe('bad % and %');
    expect(raise.args.map(words)).toEqual(['a', 'b']);
    expect([...raise.using.keys()]).toEqual(['errcode', 'hint']);
    expect(b.body[6]).toMatchObject({ k: 'raise', condition: 'unique_violation' });
    expect(b.body[7]).toMatchObject({ k: 'raise', condition: 'sqlstate P0001' });
    const exec = b.body[9] as Extract<Stmt, { k: 'execute' }>;
    expect(exec.using).toHaveLength(2);
    expect(b.body[11]).toMatchObject({ k: 'get_diagnostics', stacked: true });
  });

  it('reads EXCEPTION WHEN blocks with several conditions and nested blocks', () => {
    const b = parse(`<<main>> DECLARE x int; BEGIN BEGIN x := 1/0; EXCEPTION WHEN division_by_zero OR SQLSTATE '22012' THEN x := 0; WHEN others THEN RAISE; END; END main`);
    expect(b.label).toBe('main');
    const inner = b.body[0] as Extract<Stmt, { k: 'block' }>;
    expect(inner.handlers!.map((h) => h.conditions)).toEqual([['division_by_zero', 'sqlstate 22012'], ['others']]);
  });

  it('records constructs it does not translate as unsupported nodes', () => {
    const b = parse(`BEGIN FOREACH x IN ARRAY a LOOP NULL; END LOOP; COMMIT; arr[1] := 2; END`);
    expect(b.body).toEqual([
      { k: 'unsupported', construct: 'FOREACH over an array' },
      { k: 'unsupported', construct: 'transaction control' },
      { k: 'unsupported', construct: 'array element assignment' },
    ]);
  });

  it('refuses a body it cannot follow, saying where', () => {
    expect(() => parse('SELECT 1')).toThrow(ParseError);
    expect(() => parse('BEGIN IF x THEN NULL; END')).toThrow(/missing|expected/);
  });
});
