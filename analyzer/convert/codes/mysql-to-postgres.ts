/** Action codes of this area (see catalog.ts). */
import type { ActionCode } from '../action-item.js';

export const MYSQL_TO_POSTGRES_CODES: readonly ActionCode[] = [];
