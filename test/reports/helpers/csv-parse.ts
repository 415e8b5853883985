/** A strict RFC 4180 reader for the tests: fails on anything the writer must never produce. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let i = 0;
  while (i < text.length) {
    let cell = '';
    if (text[i] === '"') {
      i++;
      for (;;) {
        if (i >= text.length) throw new Error('unterminated quoted cell');
        if (text[i] === '"') {
          if (text[i + 1] === '"') {
            cell += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        cell += text[i++];
      }
    } else {
      while (i < text.length && text[i] !== ',' && text[i] !== '\r' && text[i] !== '\n') {
        if (text[i] === '"') throw new Error(`bare quote in an unquoted cell at ${i}`);
        cell += text[i++];
      }
    }
    row.push(cell);
    if (text[i] === ',') {
      i++;
      continue;
    }
    if (text.startsWith('\r\n', i)) {
      i += 2;
      rows.push(row);
      row = [];
      continue;
    }
    if (i >= text.length) break;
    throw new Error(`expected , or CRLF at ${i}, found ${JSON.stringify(text[i])}`);
  }
  if (row.length > 0) throw new Error('last record not CRLF-terminated');
  return rows;
}

/** The file as objects keyed by its header, checking every record has the header's width. */
export function readCsvRecords(text: string): { header: string[]; records: Record<string, string>[] } {
  const [header, ...rows] = parseCsv(text);
  if (!header) throw new Error('empty CSV');
  const records = rows.map((r, n) => {
    if (r.length !== header.length) throw new Error(`record ${n + 1} has ${r.length} cells for ${header.length} columns`);
    return Object.fromEntries(header.map((h, k) => [h, r[k]!]));
  });
  return { header, records };
}
