/** Action codes of procedural code conversion: routines and triggers (see catalog.ts). */
import type { ActionCode } from '../action-item.js';

export const PROCEDURAL_CODES: readonly ActionCode[] = [];
