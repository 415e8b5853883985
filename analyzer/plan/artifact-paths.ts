/** Where a plan's artifacts go under the output directory; server ids are already file-safe. */

/** A database name as a path part: file-safe characters, with a short hash when anything had to change. */
export function fileSafeName(name: string): string {
  const safe = name.replace(/[^A-Za-z0-9_-]/g, '_') || '_';
  if (safe === name) return safe;
  let h = 0;
  for (const ch of name) h = (Math.imul(h, 31) + (ch.codePointAt(0) ?? 0)) >>> 0;
  return `${safe}-${h.toString(16).padStart(8, '0')}`;
}

export const runbookPath = (serverId: string): string => `runbooks/${serverId}.md`;

export const dmsPaths = (serverId: string, db: string): { mappings: string; settings: string } => ({
  mappings: `dms/${serverId}/${fileSafeName(db)}/table-mappings.json`,
  settings: `dms/${serverId}/${fileSafeName(db)}/task-settings.json`,
});
