/** Action codes of this area (see catalog.ts). */
import type { ActionCode } from '../action-item.js';

export const VIEW_CODES: readonly ActionCode[] = [];
