/** Action codes of this area (see catalog.ts). */
import type { ActionCode } from '../action-item.js';

export const POSTGRES_TO_MYSQL_CODES: readonly ActionCode[] = [];
