/**
 * Writes a conversion to disk: `<database>.<target>.pre-data.sql`, `…post-data.sql` and
 * `<database>.assessment.json`. File names come from a customer's database name, so they
 * are reduced to a safe character set; header comments hold names with line breaks removed,
 * so a name cannot end a comment and start SQL.
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ConversionResult, DdlStatement, Phase } from './result.js';

export const ASSESSMENT_FORMAT_VERSION = 1;

export interface WrittenFiles {
  preData: string;
  postData: string;
  assessment: string;
}

/** A file-name stem from an untrusted name: letters, digits, `._-` kept, the rest `_`, never empty or dot-only. */
export function safeFileStem(name: string): string {
  const stem = name.normalize('NFC').replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 120);
  return /^[.]*$/.test(stem) ? `_${stem}` : stem;
}

/** Text for a `-- ` comment line: no line breaks or other control characters. */
export function commentText(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f\u0085\u2028\u2029]/g, ' ');
}

const SESSION_SETUP: Record<ConversionResult['target'], string[]> = {
  // check_function_bodies off, as pg_dump does: a LANGUAGE sql function may read a view created later.
  postgresql: ["SET client_encoding = 'UTF8';", 'SET standard_conforming_strings = on;', 'SET check_function_bodies = false;'],
  mysql: ['SET NAMES utf8mb4;'],
};

const COMPOUND_TYPES: ReadonlySet<DdlStatement['type']> = new Set(['create_function', 'create_procedure', 'create_trigger']);
const DELIMITERS = ['$$', '//', ';;', '$$$', '@@', '%%'];

/**
 * The mysql command-line client splits a script at `;`, so a routine, trigger or event whose
 * body holds `;` goes between `DELIMITER` lines, with a delimiter its text does not contain.
 * https://dev.mysql.com/doc/refman/8.0/en/stored-programs-defining.html
 */
export function mysqlScriptStatement(statement: DdlStatement): string {
  const sql = statement.sql.trimEnd();
  const body = sql.endsWith(';') ? sql.slice(0, -1) : sql;
  if (statement.type === 'manual' || !COMPOUND_TYPES.has(statement.type) || !body.includes(';')) return sql;
  const delimiter = DELIMITERS.find((d) => !body.includes(d)) ?? `$scout${body.length}$`;
  return `DELIMITER ${delimiter}\n${body}${delimiter}\nDELIMITER ;`;
}

/** One phase's SQL script: a header, the session settings the literals rely on, then the statements. */
export function renderScript(result: ConversionResult, phase: Phase, generatedAt: string): string {
  const statements: DdlStatement[] = result.statements.filter((s) => s.phase === phase);
  const header = [
    `-- scout convert: ${phase} for ${commentText(result.database)} (${result.source.flavor} ${commentText(result.source.version)}) to ${result.target}`,
    `-- generated ${generatedAt}; ${statements.length} statements.`,
    phase === 'pre-data'
      ? '-- Run before the data load: schemas, types, sequences and tables with their primary keys.'
      : '-- Run after the data load: indexes, constraints, foreign keys, views; manual objects are commented out.',
    '',
    ...SESSION_SETUP[result.target],
    '',
  ];
  const text = statements.map((s) => (result.target === 'mysql' ? mysqlScriptStatement(s) : s.sql.trimEnd()));
  return `${header.join('\n')}\n${text.join('\n\n')}\n`;
}

export function assessmentJson(result: ConversionResult, generatedAt: string, toolVersion: string): string {
  return `${JSON.stringify({ format: 'scout-assessment', formatVersion: ASSESSMENT_FORMAT_VERSION, generatedAt, toolVersion, ...result }, null, 2)}\n`;
}

function writeAtomic(file: string, text: string): void {
  const tmp = `${file}.tmp-${process.pid}`;
  writeFileSync(tmp, text, { mode: 0o644 });
  renameSync(tmp, file);
}

export function writeConversion(result: ConversionResult, outDir: string, toolVersion: string, now = new Date()): WrittenFiles {
  mkdirSync(outDir, { recursive: true });
  const generatedAt = now.toISOString();
  const stem = safeFileStem(result.database);
  const files: WrittenFiles = {
    preData: path.join(outDir, `${stem}.${result.target}.pre-data.sql`),
    postData: path.join(outDir, `${stem}.${result.target}.post-data.sql`),
    assessment: path.join(outDir, `${stem}.assessment.json`),
  };
  writeAtomic(files.preData, renderScript(result, 'pre-data', generatedAt));
  writeAtomic(files.postData, renderScript(result, 'post-data', generatedAt));
  writeAtomic(files.assessment, assessmentJson(result, generatedAt, toolVersion));
  return files;
}
