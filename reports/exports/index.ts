/** The exports: Migration Hub import, ADS-style and SCT-style CSVs, and the DMS artifact index. */
export { writeExports, EXPORTS_DIR } from './write-exports.js';
export type { ExportInput, ExportConversion, ExportFile } from './types.js';
